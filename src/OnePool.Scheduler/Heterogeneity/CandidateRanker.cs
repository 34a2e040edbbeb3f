using OnePool.Core.Specs;
using OnePool.Scheduler.Cycle;
using OnePool.Scheduler.Speeds;

namespace OnePool.Scheduler.Heterogeneity;

/// <summary>
/// Heterogeneity-aware choice of site and accelerator model. Each candidate's expected runtime is the job's
/// runtime (its max runtime, else <see cref="SchedulerOptions.DefaultRuntime"/>) on its first-choice model scaled by
/// relative speed, lengthened for an unreliable site and by the transfer of a dataset the site lacks. The fastest
/// candidate that can start now sets the bar; among those within <see cref="SchedulerOptions.RuntimeTolerance"/> of
/// it, the cheapest is tried first.
/// </summary>
internal sealed class CandidateRanker(CycleState state, SchedulerOptions options)
{
    public List<Candidate> Rank(JobRequirements job)
    {
        var list = new List<Candidate>();
        var baseHours = (job.MaxRuntime ?? options.DefaultRuntime).TotalHours;
        var reference = job.Accelerators.Count > 0 ? ThroughputTable.Speed(job.Accelerators[0].Model, job, null) : 1;
        foreach (var site in state.Sites)
        {
            if (site.Draining || (job.Sites.Count > 0 && !Allowed(job.Sites, site.Name)))
            {
                continue;
            }

            var penalty = 1 + (2 * (1 - Math.Clamp(site.Info.Reliability, 0, 1)));
            var transfer = job.Dataset is { } data && !site.Info.Datasets.Contains(data.Name)
                ? data.SizeMiB / Math.Max(1, site.Info.IngressMiBPerSecond) / 3600
                : 0;
            if (job.Accelerators.Count == 0)
            {
                list.Add(new Candidate(site, -1, null, (baseHours * penalty) + transfer, 0));
                continue;
            }

            foreach (var choice in job.Accelerators)
            {
                var model = state.Models.Find(choice.Model);
                if (model < 0 || !site.ByModel.ContainsKey(model))
                {
                    continue;
                }

                var speed = ThroughputTable.Speed(choice.Model, job, site.Info.Throughput);
                var runtime = (baseHours * reference / speed * penalty) + transfer;
                var cost = site.PriceOf(choice.Model, job.Preemptible) * choice.Count * job.Replicas * runtime;
                list.Add(new Candidate(site, model, choice, runtime, cost));
            }
        }

        list.Sort((a, b) =>
        {
            var c = a.RuntimeHours.CompareTo(b.RuntimeHours);
            return c != 0 ? c : a.Cost != b.Cost ? a.Cost.CompareTo(b.Cost) : a.Site.Index != b.Site.Index ? a.Site.Index.CompareTo(b.Site.Index) : a.Model.CompareTo(b.Model);
        });
        return list;
    }

    /// <summary>The candidates to try, in order: repeatedly the cheapest of the plausible ones within the tolerance
    /// of the fastest plausible one left.</summary>
    public IEnumerable<Candidate> Order(List<Candidate> ranked, Func<Candidate, bool> plausible)
    {
        var left = ranked.Where(plausible).ToList();
        while (left.Count > 0)
        {
            var bar = left[0].RuntimeHours * (1 + options.RuntimeTolerance);
            var band = left.TakeWhile(c => c.RuntimeHours <= bar).ToList();
            band.Sort((a, b) => a.Cost != b.Cost ? a.Cost.CompareTo(b.Cost) : a.RuntimeHours.CompareTo(b.RuntimeHours));
            foreach (var c in band)
            {
                yield return c;
            }

            left.RemoveRange(0, band.Count);
        }
    }

    /// <summary>Whether the site could hold the job now, judged from its aggregates (cheap; placement decides).</summary>
    public static bool Plausible(Candidate c, JobRequirements job)
    {
        if (c.Model < 0)
        {
            return c.Site.LargestNode.Cpu >= job.CpuMillis && c.Site.LargestNode.Memory >= job.MemoryMiB;
        }

        var buckets = c.Site.ByModel[c.Model];
        return buckets.MaxPerNode >= c.Count && buckets.MaxFree >= c.Count && buckets.ReplicasThatFit(c.Count) >= job.Replicas;
    }

    private static bool Allowed(IReadOnlyList<string> sites, string name)
    {
        foreach (var s in sites)
        {
            if (string.Equals(s, name, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}
