using System.Globalization;
using OnePool.Core.Specs;
using OnePool.Scheduler.Decisions;
using OnePool.Scheduler.Explain;
using OnePool.Scheduler.Heterogeneity;
using OnePool.Scheduler.Snapshot;

namespace OnePool.Scheduler.Cycle;

// What happens to one pending job: placed, or told why it waits (after trying preemption and backfill).
internal sealed partial class SchedulingCycle
{
    private void TryJob(PendingJob job)
    {
        var req = job.Requirements;
        var end = req.MaxRuntime is { } max ? _snapshot.Now + max : (DateTimeOffset?)null;
        if (req.Accelerators.Count > 0 && !AnyRoomAnywhere(req))
        {
            Blocked(job, null);
            return;
        }

        var ranked = _ranker.Rank(req);
        string? quotaReason = null;
        var admittedOnce = false;
        foreach (var c in _ranker.Order(ranked, c => CandidateRanker.Plausible(c, req)))
        {
            var (admitted, borrowing, why) = _quotas.Check(job.Tenant, req, c.Choice?.Model, c.Count);
            if (!admitted)
            {
                quotaReason ??= why;
                continue;
            }

            admittedOnce = true;
            var replicas = _placer.TryPlace(c.Site, req, c.Model, c.Count, end);
            if (replicas is not null)
            {
                Place(job, c, replicas, borrowing, end);
                return;
            }
        }

        if (quotaReason is not null && !admittedOnce)
        {
            _waiting.Add(new WaitingJob(job.JobId, quotaReason, FitsNowhere: false));
            return;
        }

        Blocked(job, ranked);
    }

    private void Place(PendingJob job, Candidate c, List<(NodeState Node, int[] Devices)> replicas, bool borrowing, DateTimeOffset? end)
    {
        var req = job.Requirements;
        if (!req.Preemptible)
        {
            _quotas.Charge(job.Tenant, req, c.Choice?.Model, c.Count);
        }

        _shares.Charge(job.Tenant, req, c.Choice?.Model, c.Count);
        _placements.Add(new Placement(job.JobId, c.Site.Name, c.Choice, replicas.Select(r => new ReplicaPlacement(r.Node.Node.Id, r.Devices)).ToList())
        {
            Borrowing = borrowing,
            EstimatedRuntime = TimeSpan.FromHours(c.RuntimeHours),
            EstimatedCost = c.Cost,
        });
        AddHolding(-_placements.Count, c.Site.Index, new Holding(req, c.Model, replicas.Select(r => (r.Node, (IReadOnlyList<int>)r.Devices)).ToList(), end));
    }

    /// <summary>The job could not be placed for lack of free resources: explain, and for paying work try to
    /// preempt cheaper work or take the cycle's backfill reservation.</summary>
    private void Blocked(PendingJob job, List<Candidate>? ranked)
    {
        var req = job.Requirements;
        var (reason, fitsNowhere) = Explain(job);
        if (fitsNowhere || req.Preemptible)
        {
            _waiting.Add(new WaitingJob(job.JobId, reason, fitsNowhere));
            return;
        }

        ranked ??= _ranker.Rank(req);
        if (_options.Preemption && _preemptionPlans < PreemptionPlansPerCycle && _holdings.Count > 0)
        {
            _preemptionPlans++;
            if (_victims.Plan(job, ranked, _holdings, _snapshot.Now) is { } plan)
            {
                foreach (var (victim, why) in plan.Victims)
                {
                    _preemptions.Add(new Preemption(victim.AttemptId, victim.JobId, job.JobId, why));
                }

                var note = plan.Victims.Count == 0
                    ? $"waiting for preempted work to stop at {plan.Site}"
                    : $"preempting {plan.Victims.Count} running job(s) at {plan.Site} to make room";
                _waiting.Add(new WaitingJob(job.JobId, $"{reason}; {note}", FitsNowhere: false));
                return;
            }
        }

        if (_options.Backfill && _state.Reservation is null && _backfill.Reserve(req, ranked, _holdingsBySite) is { } reservation)
        {
            var at = reservation.Start.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
            reason = $"{reason}; holds the backfill reservation at {reservation.Site} from {at} UTC";
        }

        _waiting.Add(new WaitingJob(job.JobId, reason, FitsNowhere: false));
    }

    /// <summary>Why a job waits for resources, computed once per shape and tenant in a cycle.</summary>
    private (string Reason, bool FitsNowhere) Explain(PendingJob job)
    {
        var key = ShapeHash.Of(job.Requirements, job.Tenant);
        if (_explained.TryGetValue(key, out var known))
        {
            return known;
        }

        var req = job.Requirements;
        var nowhere = _reasons.FitsNowhere(req);
        var explained = nowhere is not null ? (nowhere, true) : (_reasons.WaitingForResources(req) + QuotaNote(job), false);
        _explained[key] = explained;
        return explained;
    }

    private string QuotaNote(PendingJob job)
    {
        var first = job.Requirements.Accelerators.Count > 0 ? job.Requirements.Accelerators[0] : null;
        var (admitted, _, why) = _quotas.Check(job.Tenant, job.Requirements, first?.Model, first?.Count ?? 0);
        return admitted ? "" : $"; {why}";
    }

    private bool AnyRoomAnywhere(JobRequirements req)
    {
        foreach (var choice in req.Accelerators)
        {
            var model = _state.Models.Find(choice.Model);
            if (model >= 0 && _state.GlobalMaxFree(model) >= choice.Count)
            {
                return true;
            }
        }

        return false;
    }
}
