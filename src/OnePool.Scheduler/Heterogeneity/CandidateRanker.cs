using OnePool.Core.Specs;
using OnePool.Scheduler.Cycle;
using OnePool.Scheduler.Snapshot;
using OnePool.Scheduler.Speeds;

namespace OnePool.Scheduler.Heterogeneity;

/// <summary>
/// Heterogeneity-aware choice of site and accelerator model. Each candidate's expected runtime is the job's
/// runtime (its max runtime, else <see cref="SchedulerOptions.DefaultRuntime"/>) on its first-choice model scaled by
/// relative speed, lengthened for an unreliable site and by the transfer of a dataset the site lacks. The fastest
/// candidate that can start now sets the bar; among those within <see cref="SchedulerOptions.RuntimeTolerance"/> of
/// it, the cheapest is tried first.
/// </summary>
/// <remarks>Rankings are cached per ranking shape: the order does not depend on the job's runtime or gang size
/// (both scale every candidate alike) unless a dataset transfer adds a fixed time, so most of a queue shares a few
/// hundred rankings. Figures are kept per hour and per replica and scaled by <see cref="Scale"/>.</remarks>
internal sealed class CandidateRanker(CycleState state, SchedulerOptions options)
{
    private readonly Dictionary<ulong, List<Candidate>> _rankings = [];
    private readonly List<Candidate> _band = [];

    // Rankings in hours (a dataset transfer or a site's queue adds a fixed time, so they depend on the job's own
    // runtime) are nearly one per job: built into this list, reused, instead of cached. A caller holds a ranking only
    // until its next Rank call (TryJob, then Blocked for the same job).
    private readonly List<Candidate> _scratch = [];

    public List<Candidate> Rank(JobRequirements job) => Rank(job, null, TimeSpan.Zero);

    /// <summary>Ranks a job's candidates; sites that cannot reach its checkpoint's storage domain (when it has one)
    /// are charged the work it would redo there, like a dataset transfer. Such rankings are not cached.</summary>
    public List<Candidate> Rank(JobRequirements job, string? checkpointDomain, TimeSpan redoElsewhere) =>
        Rank(job, checkpointDomain, redoElsewhere, null);

    /// <param name="job">The job's requirements.</param>
    /// <param name="checkpointDomain">Where its checkpoint is, if it has one.</param>
    /// <param name="redoElsewhere">Work it redoes where the checkpoint cannot be reached.</param>
    /// <param name="rankingKey"><see cref="Explain.ShapeHash.Ranking"/> of <paramref name="job"/> when the caller
    /// keeps it (a pending job does), else null.</param>
    private List<Candidate> Rank(JobRequirements job, string? checkpointDomain, TimeSpan redoElsewhere, ulong? rankingKey)
    {
        if (checkpointDomain is not null && redoElsewhere > TimeSpan.Zero)
        {
            return Build(job, checkpointDomain, redoElsewhere.TotalHours, _scratch);
        }

        if (job.Dataset is not null || AnySiteQueue)
        {
            return Build(job, into: _scratch);
        }

        var key = rankingKey ?? Explain.ShapeHash.Ranking(job);
        if (!_rankings.TryGetValue(key, out var list))
        {
            // Built in the scratch list and kept at its exact size: most models are at a few sites, and sized for
            // every site and choice a cycle's thousand rankings took megabytes (and a garbage collection).
            list = [.. Build(job, into: _scratch)];
            _rankings[key] = list;
        }

        return list;
    }

    /// <summary>Ranks a job's candidates for one try now (<see cref="TryInOrder"/>, which skips what is not plausible).
    /// A ranking that cannot be cached (a dataset, a checkpoint, a site's queue: one per job) is built from the
    /// candidates plausible now only, so a long queue of such jobs in a full pool does not price and sort every site
    /// for each; <paramref name="complete"/> is then false. Plausibility cannot change during the try (a failed
    /// placement gives back what it took), so the try goes exactly as over the whole ranking.</summary>
    public List<Candidate> RankForTry(PendingJob pending, out bool complete)
    {
        var (job, checkpointDomain, redoElsewhere) = (pending.Requirements, pending.CheckpointDomain, pending.RedoElsewhere);
        complete = true;
        if (checkpointDomain is not null && redoElsewhere > TimeSpan.Zero)
        {
            complete = false;
            return Build(job, checkpointDomain, redoElsewhere.TotalHours, _scratch, plausibleOnly: true);
        }

        if (job.Dataset is not null || AnySiteQueue)
        {
            complete = false;
            return Build(job, into: _scratch, plausibleOnly: true);
        }

        return Rank(job, null, TimeSpan.Zero, pending.RankingHash);
    }

    /// <summary>The job's expected runtime and cost on a ranked candidate.</summary>
    public (TimeSpan Runtime, double Cost) Scale(Candidate c, JobRequirements job)
    {
        var hours = c.Absolute ? c.RuntimeHours : c.RuntimeHours * BaseHours(job);
        var cost = c.Cost / c.RuntimeHours * hours * job.Replicas;
        return (TimeSpan.FromHours(hours), double.IsFinite(cost) ? cost : 0);
    }

    /// <summary>Tries candidates in order until <paramref name="attempt"/> succeeds: repeatedly the cheapest of the
    /// plausible ones within the tolerance of the fastest plausible one left. Allocates nothing.</summary>
    public bool TryInOrder<TState>(List<Candidate> ranked, JobRequirements job, ref TState attemptState, Attempt<TState> attempt)
    {
        var i = 0;
        while (i < ranked.Count)
        {
            while (i < ranked.Count && !Plausible(ranked[i], job))
            {
                i++;
            }

            if (i == ranked.Count)
            {
                return false;
            }

            var bar = ranked[i].RuntimeHours * (1 + options.RuntimeTolerance);
            _band.Clear();
            for (; i < ranked.Count && ranked[i].RuntimeHours <= bar; i++)
            {
                if (Plausible(ranked[i], job))
                {
                    _band.Add(ranked[i]);
                }
            }

            // Insertion sort by cost: bands are a handful of candidates.
            for (var a = 1; a < _band.Count; a++)
            {
                var x = _band[a];
                var b = a - 1;
                while (b >= 0 && _band[b].Cost > x.Cost)
                {
                    _band[b + 1] = _band[b];
                    b--;
                }

                _band[b + 1] = x;
            }

            foreach (var c in _band)
            {
                if (attempt(c, ref attemptState))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>Whether the site could hold the job now, judged from its aggregates (cheap; placement decides).</summary>
    public static bool Plausible(Candidate c, JobRequirements job) => Plausible(c.Site, c.Buckets, c.Count, job);

    private static bool Plausible(SiteState site, FreeBuckets? buckets, int count, JobRequirements job)
    {
        if (buckets is null)
        {
            return site.LargestNode.Cpu >= job.CpuMillis && site.LargestNode.Memory >= job.MemoryMiB;
        }

        return buckets.MaxPerNode >= count && buckets.MaxFree >= count && (job.Replicas == 1 || buckets.ReplicasThatFit(count) >= job.Replicas);
    }

    private double BaseHours(JobRequirements job) => (job.MaxRuntime ?? options.DefaultRuntime).TotalHours;

    private List<Candidate> Build(JobRequirements job, string? checkpointDomain = null, double redoHours = 0, List<Candidate>? into = null, bool plausibleOnly = false)
    {
        var list = into ?? new List<Candidate>(state.Sites.Count * Math.Max(1, job.Accelerators.Count));
        list.Clear();
        // A site's own queue (Slurm's local users) delays a start by a fixed time, like a transfer: rank in hours.
        var absolute = job.Dataset is not null || checkpointDomain is not null || AnySiteQueue;
        var baseHours = absolute ? BaseHours(job) : 1;
        var reference = job.Accelerators.Count > 0 ? ThroughputTable.Speed(job.Accelerators[0].Model, job, null) : 1;
        foreach (var site in state.Sites)
        {
            if (site.Draining || !Explain.SiteFilter.Allows(job.Sites, site.Name))
            {
                continue;
            }

            var penalty = 1 + (2 * (1 - Math.Clamp(site.Info.Reliability, 0, 1)));
            var transfer = job.Dataset is { } data && !site.Info.Datasets.Contains(data.Name)
                ? data.SizeMiB / Math.Max(1, site.Info.IngressMiBPerSecond) / 3600
                : 0;
            if (checkpointDomain is not null && !site.StorageDomains.Contains(checkpointDomain))
            {
                transfer += redoHours;
            }

            if (job.Accelerators.Count == 0)
            {
                if (plausibleOnly && !Plausible(site, null, 0, job))
                {
                    continue;
                }

                list.Add(new Candidate(site, -1, null, (baseHours * penalty) + transfer, 0) { Absolute = absolute });
                continue;
            }

            for (var a = 0; a < job.Accelerators.Count; a++)
            {
                var choice = job.Accelerators[a];
                var model = state.Models.Find(choice.Model);
                if (model < 0 || !site.ByModel.TryGetValue(model, out var buckets) || (plausibleOnly && !Plausible(site, buckets, choice.Count, job)))
                {
                    continue;
                }

                var speed = ThroughputTable.Speed(choice.Model, job, site.Info.Throughput);
                var wait = QueueWaitHours(site, model, choice.Model);
                var runtime = (baseHours * reference / speed * penalty) + transfer + wait;
                var cost = site.PriceOf(choice.Model, job.Preemptible) * choice.Count * (runtime - wait);
                list.Add(new Candidate(site, model, choice, runtime, cost) { Buckets = buckets, Absolute = absolute });
            }
        }

        list.Sort(static (a, b) =>
        {
            var c = a.RuntimeHours.CompareTo(b.RuntimeHours);
            return c != 0 ? c : a.Cost != b.Cost ? a.Cost.CompareTo(b.Cost) : a.Site.Index != b.Site.Index ? a.Site.Index.CompareTo(b.Site.Index) : a.Model.CompareTo(b.Model);
        });
        return list;
    }

    private bool AnySiteQueue => _anySiteQueue ??= state.Sites.Any(s => s.Info.QueuedAccelerators.Count > 0);

    private bool? _anySiteQueue;

    /// <summary>How long work of <paramref name="modelName"/> waits behind the site's own queue: the queued devices
    /// over the site's devices of that model, times the default runtime (each queued job holds its devices about
    /// that long).</summary>
    private double QueueWaitHours(SiteState site, int model, string modelName) =>
        site.Info.QueuedAccelerators.TryGetValue(modelName, out var queued) && queued > 0 && site.Capacity.TryGetValue(model, out var capacity) && capacity.Total > 0
            ? (double)queued / capacity.Total * options.DefaultRuntime.TotalHours
            : 0;
}

/// <summary>One try of a candidate; true stops the search.</summary>
internal delegate bool Attempt<TState>(Candidate candidate, ref TState state);
