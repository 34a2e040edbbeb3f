namespace OnePool.Simulator.Engine;

/// <summary>What each event does to the state.</summary>
internal sealed partial class Simulation
{
    private void Handle(SimEvent e)
    {
        switch (e.Kind)
        {
            case EventKind.Arrival:
                Arrive(Jobs[e.Target]);
                break;
            case EventKind.Finish when IsCurrent(e):
                EndAttempt(Jobs[e.Target], Jobs[e.Target].Trace.V100Seconds);
                End(Jobs[e.Target], JobPhase.Finished);
                break;
            case EventKind.UserFailure when IsCurrent(e):
                var failing = Jobs[e.Target];
                EndAttempt(failing, failing.WorkAt(Now));
                End(failing, JobPhase.Failed);
                break;
            case EventKind.Stopped when IsCurrent(e):
            case EventKind.Requeue when IsCurrent(e):
                Requeue(Jobs[e.Target], afterFailure: e.Kind == EventKind.Requeue);
                break;
            case EventKind.NodeDown:
                FailNode(Nodes[e.Target]);
                break;
            case EventKind.NodeUp:
                RepairNode(Nodes[e.Target]);
                break;
            case EventKind.Wake:
                _dirty = true;
                break;
            default:
                // An event of an attempt that has since ended (e.g. the finish of a preempted attempt).
                break;
        }
    }

    private bool IsCurrent(SimEvent e) => Jobs[e.Target].Attempt == e.Attempt &&
        Jobs[e.Target].Phase is JobPhase.Running or JobPhase.Stopping or JobPhase.Recovering;

    private void Arrive(SimJob job)
    {
        job.Phase = JobPhase.Pending;
        Pending.Add(job.Index);
        InSystem.Set(Now, Pending.Count + Holding.Count);
        _dirty = true;
    }

    private void End(SimJob job, JobPhase phase)
    {
        Release(job);
        job.Phase = phase;
        job.End = Now;
        _ended++;
        InSystem.Set(Now, Pending.Count + Holding.Count);
        _dirty = true;
    }

    /// <summary>Back to the queue with the progress its checkpoint saved.</summary>
    private void Requeue(SimJob job, bool afterFailure)
    {
        EndAttempt(job, job.CheckpointWork);
        Release(job);
        job.Phase = JobPhase.Pending;
        job.NeedsRestart = afterFailure;
        Pending.Add(job.Index);
        _dirty = true;
    }

    private void FailNode(SimNode node)
    {
        node.Up = false;
        node.Version++;
        _nodesDown++;
        foreach (var index in Holding)
        {
            var job = Jobs[index];
            if (job.Phase != JobPhase.Running || !job.Allocation.Exists(a => a.Node == node.Index))
            {
                continue;
            }

            // Work since the last periodic checkpoint is lost; the broker notices after its lost timeout.
            job.FrozenAt = Now;
            var interval = Options.CheckpointIntervalSeconds;
            var ran = Math.Max(0, Now - job.AttemptStart);
            if (interval > 0 && ran >= interval)
            {
                job.CheckpointWork = Math.Min(job.Trace.V100Seconds, job.DoneWork + (Math.Floor(ran / interval) * interval * job.Speed));
                job.CheckpointDomain = DomainOf(node);
            }

            job.Phase = JobPhase.Recovering;
            job.NodeFailures++;
            RunningJobs--;
            _events.Add(new SimEvent(Now + Options.DetectionSeconds, EventKind.Requeue, job.Index, job.Attempt));
        }

        _events.Add(new SimEvent(Now + _draws.RepairSeconds, EventKind.NodeUp, node.Index, 0));
        _dirty = true;
    }

    private void RepairNode(SimNode node)
    {
        node.Up = true;
        node.Version++;
        _nodesDown--;
        _events.Add(new SimEvent(Now + _draws.NextNodeFailure(node.Index, node.Spec.Gpus), EventKind.NodeDown, node.Index, 0));
        _dirty = true;
    }

    private static string DomainOf(SimNode node) => node.Spec.StorageDomain ?? node.Spec.Site;
}
