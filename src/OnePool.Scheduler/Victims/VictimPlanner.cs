using OnePool.Core.Specs;
using OnePool.Scheduler.Cycle;
using OnePool.Scheduler.Heterogeneity;
using OnePool.Scheduler.Packing;
using OnePool.Scheduler.Quotas;
using OnePool.Scheduler.Snapshot;

namespace OnePool.Scheduler.Victims;

/// <summary>
/// Finds the fewest running attempts to stop so a blocked job can start. Only preemptible work, lower-priority work,
/// or work borrowed from the job's cohort while the job's tenant is within its nominal quota (reclaim) may be
/// chosen. Cheaper victims are tried first: preemptible, then borrowed, then lower priority, resumable before not,
/// least work since the last checkpoint, newest. The greedy set is then pruned of victims the job does not need.
/// </summary>
internal sealed class VictimPlanner(GangPlacer placer, QuotaBook quotas, SchedulerOptions options)
{
    private const int CandidatesTried = 2;
    private const int SinglesTried = 16;
    private readonly HashSet<long> _chosen = [];

    /// <summary>Plans victims for <paramref name="job"/>. Returns the site and victims (empty when work already being
    /// stopped will make room), or null when no allowed victims suffice.</summary>
    public (string Site, List<(RunningJob Victim, string Reason)> Victims)? Plan(
        PendingJob job, List<Candidate> ranked, IReadOnlyDictionary<long, Holding> holdings, DateTimeOffset now)
    {
        (string Site, List<(RunningJob, string)> Victims)? best = null;
        foreach (var c in ranked.Take(CandidatesTried))
        {
            var running = c.Site.Running.Where(r => holdings.ContainsKey(r.AttemptId)).ToList();
            var stopping = running.Where(r => r.Stopping).Select(r => holdings[r.AttemptId]).ToList();
            stopping.ForEach(h => h.Release(placer));
            if (Fits(c, job.Requirements))
            {
                stopping.ForEach(h => h.Retake(placer));
                return (c.Site.Name, []);
            }

            // Eligibility first (cheap), the reason text only for the few that are chosen.
            var victims = running.Where(r => !r.Stopping && !_chosen.Contains(r.AttemptId) && Eligible(job, c, r))
                .OrderBy(r => Rank(r, now))
                .Take(options.MaxVictims)
                .Select(r => (Running: r, Why: (string?)null))
                .ToList();
            // One victim is the fewest there can be: try each alone, cheapest first, before the greedy set.
            var single = victims.Take(SinglesTried).FirstOrDefault(v => FitsWithout(c, job.Requirements, holdings[v.Running.AttemptId]));
            if (single.Running is not null)
            {
                stopping.ForEach(h => h.Retake(placer));
                if (best is null || best.Value.Victims.Count > 1)
                {
                    best = (c.Site.Name, [(single.Running, Why(job, c, single.Running)!)]);
                }

                continue;
            }

            var chosen = new List<(RunningJob Victim, string Reason)>();
            var fits = false;
            foreach (var (victim, _) in victims)
            {
                holdings[victim.AttemptId].Release(placer);
                chosen.Add((victim, Why(job, c, victim)!));
                if (CandidateRanker.Plausible(c, job.Requirements) && Fits(c, job.Requirements))
                {
                    fits = true;
                    break;
                }
            }

            if (fits)
            {
                // Put back every victim the job can do without.
                for (var i = chosen.Count - 2; i >= 0; i--)
                {
                    var h = holdings[chosen[i].Victim.AttemptId];
                    h.Retake(placer);
                    if (Fits(c, job.Requirements))
                    {
                        chosen.RemoveAt(i);
                    }
                    else
                    {
                        h.Release(placer);
                    }
                }
            }

            chosen.ForEach(v => holdings[v.Victim.AttemptId].Retake(placer));
            stopping.ForEach(h => h.Retake(placer));
            if (fits && (best is null || chosen.Count < best.Value.Victims.Count))
            {
                best = (c.Site.Name, chosen);
            }
        }

        if (best is { } b)
        {
            b.Victims.ForEach(v => _chosen.Add(v.Item1.AttemptId));
        }

        return best;
    }

    private bool FitsWithout(Candidate c, JobRequirements job, Holding victim)
    {
        victim.Release(placer);
        var fits = CandidateRanker.Plausible(c, job) && Fits(c, job);
        victim.Retake(placer);
        return fits;
    }

    private bool Fits(Candidate c, JobRequirements job)
    {
        var trial = placer.TryPlace(c.Site, job, c.Model, c.Count, end: null, whatIf: true);
        if (trial is null)
        {
            return false;
        }

        foreach (var (node, devices) in trial)
        {
            placer.Give(node, job, c.Model, devices);
        }

        return true;
    }

    private bool Eligible(PendingJob job, Candidate c, RunningJob r) =>
        r.Requirements.Preemptible || r.Priority < job.Priority || Reclaimable(job, c, r);

    private bool Reclaimable(PendingJob job, Candidate c, RunningJob r)
    {
        var cohort = quotas.CohortOf(job.Tenant);
        return r.Tenant != job.Tenant && cohort is not null && quotas.CohortOf(r.Tenant) == cohort
            && quotas.IsBorrowed(r) && quotas.WithinNominal(job.Tenant, job.Requirements, c.Choice?.Model, c.Count);
    }

    private string? Why(PendingJob job, Candidate c, RunningJob r)
    {
        if (r.Requirements.Preemptible)
        {
            return $"preempted: preemptible work makes room for job {job.JobId}";
        }

        if (r.Priority < job.Priority)
        {
            return $"preempted by job {job.JobId} (priority {job.Priority} over {r.Priority})";
        }

        return Reclaimable(job, c, r)
            ? $"preempted: tenant {job.Tenant} reclaims quota that cohort {quotas.CohortOf(job.Tenant)} lent to {r.Tenant}"
            : null;
    }

    private (int, int, int, int, TimeSpan, long) Rank(RunningJob r, DateTimeOffset now) =>
        (r.Requirements.Preemptible ? 0 : 1,
         quotas.IsBorrowed(r) ? 0 : 1,
         r.Priority,
         r.Requirements.Resumable ? 0 : 1,
         now - (r.LastCheckpointAt ?? r.StartedAt),
         -r.StartedAt.UtcTicks);
}
