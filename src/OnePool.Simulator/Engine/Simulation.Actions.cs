using System.Numerics;

namespace OnePool.Simulator.Engine;

/// <summary>What a policy may do: start a pending job, preempt a running one. Both check the invariants.</summary>
internal sealed partial class Simulation
{
    /// <summary>Starts <paramref name="job"/> now with one device set per replica.</summary>
    /// <exception cref="InvariantViolationException">The job is not pending, the gang is not whole, or a device is
    /// not free.</exception>
    public void Start(SimJob job, IReadOnlyList<(int Node, ulong Devices)> replicas)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(replicas);
        if (job.Phase != JobPhase.Pending)
        {
            throw new InvariantViolationException($"{_policy.Name} started {job}, which is not pending");
        }

        if (replicas.Count != job.Replicas)
        {
            throw new InvariantViolationException($"{_policy.Name} split the gang of {job}: {replicas.Count} of {job.Replicas} replicas placed");
        }

        var first = Nodes[replicas[0].Node];
        var taken = new Dictionary<int, ulong>();
        foreach (var (index, devices) in replicas)
        {
            var node = Nodes[index];
            taken.TryGetValue(index, out var before);
            var outside = node.Spec.Gpus >= 64 ? 0UL : ~((1UL << node.Spec.Gpus) - 1);
            if (!node.Up || node.Site != first.Site || !string.Equals(node.Spec.Model, first.Spec.Model, StringComparison.OrdinalIgnoreCase)
                || BitOperations.PopCount(devices) != job.PerReplica || (devices & (node.Used | before | outside)) != 0)
            {
                throw new InvariantViolationException($"{_policy.Name} over-committed or split {job} on {node.Spec.Id} " +
                    $"(up {node.Up}, used {node.Used:X}, asked {devices:X}, site {node.Site} vs {first.Site}, model {node.Spec.Model} vs {first.Spec.Model})");
            }

            taken[index] = before | devices;
        }

        foreach (var (index, devices) in taken)
        {
            Nodes[index].Used |= devices;
            Nodes[index].Version++;
        }

        var domain = DomainOf(first);
        if (job.CheckpointDomain is not null && job.CheckpointDomain != domain)
        {
            // An agent resumes only from its own storage domain: elsewhere the job starts over.
            job.DoneWork = 0;
        }

        Pending.Remove(job.Index);
        Holding.Add(job.Index);
        job.Phase = JobPhase.Running;
        job.Attempt++;
        job.Allocation.Clear();
        job.Allocation.AddRange(replicas);
        job.Site = first.Site;
        job.Model = first.Spec.Model;
        job.Speed = SpeedOf(job, job.Model);
        job.Dispatched = Now;
        job.AttemptStart = Now + (job.NeedsRestart ? Options.RestartSeconds : 0);
        job.NeedsRestart = false;
        job.FrozenAt = null;
        job.WorkAtStart = job.DoneWork;
        job.FirstStart ??= Now;
        BusyGpus += job.Gpus;
        RunningJobs++;
        Busy.Set(Now, BusyGpus);

        var failAt = job.UserFailureAtWork;
        if (failAt is { } at && at >= job.DoneWork && at < job.Trace.V100Seconds)
        {
            _events.Add(new SimEvent(job.AttemptStart + ((at - job.DoneWork) / job.Speed), EventKind.UserFailure, job.Index, job.Attempt));
        }
        else
        {
            _events.Add(new SimEvent(job.AttemptStart + (job.Remaining / job.Speed), EventKind.Finish, job.Index, job.Attempt));
        }
    }

    /// <summary>Stops a running job to make room. It checkpoints at once (its progress is kept) and holds its devices
    /// for <paramref name="graceSeconds"/>, then goes back to the queue.</summary>
    public void Preempt(SimJob job, double graceSeconds)
    {
        ArgumentNullException.ThrowIfNull(job);
        if (job.Phase != JobPhase.Running)
        {
            throw new InvariantViolationException($"{_policy.Name} preempted {job}, which is not running");
        }

        job.FrozenAt = Now;
        job.CheckpointWork = job.WorkAt(Now);
        job.CheckpointDomain = DomainOf(Nodes[job.Allocation[0].Node]);
        job.Phase = JobPhase.Stopping;
        job.Preemptions++;
        RunningJobs--;
        if (graceSeconds <= 0)
        {
            Requeue(job, afterFailure: false);
        }
        else
        {
            _events.Add(new SimEvent(Now + graceSeconds, EventKind.Stopped, job.Index, job.Attempt));
        }
    }

    /// <summary>Closes the books of the current attempt, keeping <paramref name="keptWork"/> of progress.</summary>
    private void EndAttempt(SimJob job, double keptWork)
    {
        var held = Now - job.Dispatched;
        var price = Pool.Sites[job.Site].Prices.TryGetValue(job.Model, out var p) ? p : 0;
        job.AttainedBefore = job.AttainedAt(Now);
        job.AllocatedGpuSeconds += job.Gpus * held;
        job.ProductiveGpuSeconds += job.Gpus * Math.Max(0, keptWork - job.WorkAtStart) / job.Speed;
        job.Cost += job.Gpus * held / 3600 * price;
        job.DoneWork = keptWork;
        job.CheckpointWork = keptWork;
        if (job.Phase == JobPhase.Running)
        {
            RunningJobs--;
        }
    }

    private void Release(SimJob job)
    {
        foreach (var (index, devices) in job.Allocation)
        {
            Nodes[index].Used &= ~devices;
            Nodes[index].Version++;
        }

        job.Allocation.Clear();
        BusyGpus -= job.Gpus;
        Holding.Remove(job.Index);
        Busy.Set(Now, BusyGpus);
    }

    private void CheckHoldings()
    {
        var held = 0;
        foreach (var node in Nodes)
        {
            held += BitOperations.PopCount(node.Used);
        }

        var expected = 0;
        foreach (var index in Holding)
        {
            expected += Jobs[index].Gpus;
        }

        if (held != expected || held != BusyGpus)
        {
            throw new InvariantViolationException($"at t={Now}: nodes hold {held} devices, jobs {expected}, counter {BusyGpus}");
        }

        if (Holding.Count == 0 && Pending.Count > 0 && _nodesDown == 0)
        {
            throw new InvariantViolationException($"{_policy.Name} left the whole pool idle at t={Now} with {Pending.Count} job(s) pending");
        }
    }
}
