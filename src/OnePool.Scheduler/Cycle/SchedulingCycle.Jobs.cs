using System.Globalization;
using OnePool.Core.Specs;
using OnePool.Scheduler.Decisions;
using OnePool.Scheduler.Heterogeneity;
using OnePool.Scheduler.Snapshot;

namespace OnePool.Scheduler.Cycle;

// What happens to one pending job: placed, or told why it waits (after trying preemption and backfill).
internal sealed partial class SchedulingCycle
{
    // Jobs that did not fit, by what they need, their tenant and priority: free resources and quota headroom only
    // shrink within a cycle and reservations only add limits, so an identical job later in the cycle waits for the
    // same reason. This is what keeps a cycle over a long queue of look-alike jobs cheap.
    private readonly Dictionary<(ulong Shape, int Priority, bool Reserved), (string Reason, bool FitsNowhere)> _failedShapes = [];

    // Jobs that found no room with no quota in the way, by what they need alone: whoever submits the same need
    // later in the cycle finds no room either. Priority does not matter: higher priorities come first, so the first
    // job of a need that failed already had the better claim (and its chance to preempt).
    private readonly Dictionary<(ulong Need, bool Reserved), bool> _noRoom = [];

    private readonly Dictionary<Quotas.QuotaDenial, string> _denialTexts = [];

    private void TryJob(in QueuedJob queued, ulong tenantHash)
    {
        var reserved = queued.EndsBy(_state.Reservation);
        var needHash = queued.NeedHash;
        var shape = needHash ^ tenantHash;
        var need = (needHash, reserved);
        if (_noRoom.ContainsKey(need))
        {
            _memoAnswers++;
            var (why, nowhere) = Explain(queued.Job, shape, needHash);
            _waiting.Add(new WaitingJob(queued.JobId, why, nowhere));
            return;
        }

        var memo = (shape, queued.Priority, reserved);
        if (_failedShapes.TryGetValue(memo, out var failed))
        {
            _memoAnswers++;
            _waiting.Add(new WaitingJob(queued.JobId, failed.Reason, failed.FitsNowhere));
            return;
        }

        _tries++;
        var job = queued.Job;
        var req = job.Requirements;
        if (req.Accelerators.Count > 0 && !AnyRoomAnywhere(req))
        {
            _failedShapes[memo] = Blocked(job, shape, needHash, null);
            _noRoom[need] = true;
            return;
        }

        if (QuotaDeniesEveryChoice(job) is { } quotaDenied)
        {
            _waiting.Add(new WaitingJob(job.JobId, quotaDenied, FitsNowhere: false));
            _failedShapes[memo] = (quotaDenied, false);
            return;
        }

        var ranked = _ranker.RankForTry(job, out var complete);
        var attempt = new JobTry(this, job, queued.End);
        if (_ranker.TryInOrder(ranked, req, ref attempt, static (Candidate c, ref JobTry t) => t.Cycle.TryCandidate(c, ref t)))
        {
            return;
        }

        if (attempt.Denied is { } denied && !attempt.Admitted)
        {
            var quotaReason = Text(denied);
            _waiting.Add(new WaitingJob(job.JobId, quotaReason, FitsNowhere: false));
            _failedShapes[memo] = (quotaReason, false);
            return;
        }

        _failedShapes[memo] = Blocked(job, shape, needHash, complete ? ranked : null, rankAsTried: true);
        if (attempt.Denied is null)
        {
            _noRoom[need] = true;
        }
    }

    private bool TryCandidate(Candidate c, ref JobTry t)
    {
        var req = t.Job.Requirements;
        var (admitted, borrowing, why) = _quotas.Check(t.Job.Tenant, req, c.Choice?.Model, c.Count);
        if (!admitted)
        {
            t.Denied ??= why;
            return false;
        }

        t.Admitted = true;
        var replicas = _placer.TryPlace(c.Site, req, c.Model, c.Count, t.End);
        if (replicas is null)
        {
            return false;
        }

        Place(t.Job, c, replicas, borrowing, t.End);
        return true;
    }

    private void Place(PendingJob job, Candidate c, List<(NodeState Node, int[] Devices)> replicas, bool borrowing, DateTimeOffset? end)
    {
        var req = job.Requirements;
        if (!req.Preemptible)
        {
            _quotas.Charge(job.Tenant, req, c.Choice?.Model, c.Count);
        }

        _shares.Charge(job.Tenant, req, c.Choice?.Model, c.Count);
        var (runtime, cost) = _ranker.Scale(c, req);
        var placed = new ReplicaPlacement[replicas.Count];
        var held = new (NodeState, IReadOnlyList<int>)[replicas.Count];
        for (var i = 0; i < replicas.Count; i++)
        {
            placed[i] = new ReplicaPlacement(replicas[i].Node.Node.Id, replicas[i].Devices);
            held[i] = (replicas[i].Node, replicas[i].Devices);
        }

        _placements.Add(new Placement(job.JobId, c.Site.Name, c.Choice, placed) { Borrowing = borrowing, EstimatedRuntime = runtime, EstimatedCost = cost });
        AddHolding(-_placements.Count, c.Site.Index, new Holding(req, c.Model, held, end));
    }

    /// <summary>The job could not be placed for lack of free resources: explain, and for paying work try to
    /// preempt cheaper work or take the cycle's backfill reservation. Returns the reason identical jobs share.</summary>
    /// <param name="job">The job.</param>
    /// <param name="shape">Its need and tenant (<see cref="Explain"/>'s key).</param>
    /// <param name="need">Its need.</param>
    /// <param name="ranked">Its whole ranking, when the try had it.</param>
    /// <param name="rankAsTried">With <paramref name="ranked"/> null: rank as the try did (checkpoint included) rather
    /// than by the requirements alone, when preemption or backfill needs the whole ranking.</param>
    private (string Reason, bool FitsNowhere) Blocked(PendingJob job, ulong shape, ulong need, List<Candidate>? ranked, bool rankAsTried = false)
    {
        var req = job.Requirements;
        var (reason, fitsNowhere) = Explain(job, shape, need);
        if (fitsNowhere || req.Preemptible)
        {
            _waiting.Add(new WaitingJob(job.JobId, reason, fitsNowhere));
            return (reason, fitsNowhere);
        }

        List<Candidate> Ranked() => ranked ??= rankAsTried ? _ranker.Rank(req, job.CheckpointDomain, job.RedoElsewhere) : _ranker.Rank(req);
        if (_options.Preemption && _preemptionPlans < PreemptionPlansPerCycle && _snapshot.Running.Count > 0)
        {
            _preemptionPlans++;
            if (_victims.Plan(job, Ranked(), _holdings, _snapshot.Now) is { } plan)
            {
                foreach (var (victim, why) in plan.Victims)
                {
                    _preemptions.Add(new Preemption(victim.AttemptId, victim.JobId, job.JobId, why));
                }

                var note = plan.Victims.Count == 0
                    ? $"waiting for preempted work to stop at {plan.Site}"
                    : $"preempting {plan.Victims.Count} running job(s) at {plan.Site} to make room";
                _waiting.Add(new WaitingJob(job.JobId, $"{reason}; {note}", FitsNowhere: false));
                return (reason, false);
            }
        }

        var own = reason;
        if (_options.Backfill && _state.Reservation is null && _backfill.Reserve(req, Ranked(), _holdingsBySite) is { } reservation)
        {
            var at = reservation.Start.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
            own = $"{reason}; holds the backfill reservation at {reservation.Site} from {at} UTC";
        }

        _waiting.Add(new WaitingJob(job.JobId, own, FitsNowhere: false));
        return (reason, false);
    }

    /// <summary>Why a job waits for resources: what the pool lacks is worked out once per need in a cycle, and
    /// the tenant's quota note once per need and tenant.</summary>
    private (string Reason, bool FitsNowhere) Explain(PendingJob job, ulong key, ulong need)
    {
        if (_explained.TryGetValue(key, out var known))
        {
            return known;
        }

        var req = job.Requirements;
        if (!_explainedNeeds.TryGetValue(need, out var pool))
        {
            var nowhere = _reasons.FitsNowhere(req);
            pool = nowhere is not null ? (nowhere, true) : (_reasons.WaitingForResources(req), false);
            _explainedNeeds[need] = pool;
        }

        var explained = pool.FitsNowhere ? pool : (pool.Reason + QuotaNote(job), false);
        _explained[key] = explained;
        return explained;
    }

    private string QuotaNote(PendingJob job)
    {
        var first = job.Requirements.Accelerators.Count > 0 ? job.Requirements.Accelerators[0] : null;
        var (admitted, _, why) = _quotas.Check(job.Tenant, job.Requirements, first?.Model, first?.Count ?? 0);
        return admitted ? "" : "; " + Text(why);
    }

    /// <summary>The reason when the tenant's quota admits none of the job's accelerator choices (quota does not depend
    /// on the site, so no candidate needs ranking or trying); null when some choice is admitted.</summary>
    private string? QuotaDeniesEveryChoice(PendingJob job)
    {
        var req = job.Requirements;
        if (req.Accelerators.Count == 0)
        {
            var (admitted, _, why) = _quotas.Check(job.Tenant, req, null, 0);
            return admitted ? null : Text(why);
        }

        Quotas.QuotaDenial? first = null;
        for (var i = 0; i < req.Accelerators.Count; i++)
        {
            var choice = req.Accelerators[i];
            var (admitted, _, why) = _quotas.Check(job.Tenant, req, choice.Model, choice.Count);
            if (admitted)
            {
                return null;
            }

            first ??= why;
        }

        return Text(first!.Value);
    }

    /// <summary>A denial's text, built once per distinct denial in a cycle: thousands of look-alike jobs of a tenant at
    /// its quota share a handful of them.</summary>
    private string Text(Quotas.QuotaDenial denial)
    {
        if (!_denialTexts.TryGetValue(denial, out var text))
        {
            text = denial.ToString();
            _denialTexts[denial] = text;
        }

        return text;
    }

    private bool AnyRoomAnywhere(JobRequirements req)
    {
        for (var i = 0; i < req.Accelerators.Count; i++)
        {
            var choice = req.Accelerators[i]; // an index loop: foreach over an IReadOnlyList boxes its enumerator
            var model = _state.Models.Find(choice.Model);
            if (model >= 0 && _state.GlobalMaxFree(model) >= choice.Count)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>One job's walk through its candidates.</summary>
    private struct JobTry(SchedulingCycle cycle, PendingJob job, DateTimeOffset? end)
    {
        public readonly SchedulingCycle Cycle = cycle;
        public readonly PendingJob Job = job;
        public readonly DateTimeOffset? End = end;
        public Quotas.QuotaDenial? Denied;
        public bool Admitted;
    }
}
