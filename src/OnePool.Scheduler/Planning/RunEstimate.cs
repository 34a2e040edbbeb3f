using OnePool.Core.Resources;
using OnePool.Scheduler.Snapshot;
using OnePool.Scheduler.Speeds;

namespace OnePool.Scheduler.Planning;

/// <summary>
/// A job's expected runtime and cost on one site and choice, by the same formula the scheduler ranks candidates
/// with (Heterogeneity/CandidateRanker): the job's max runtime (else the default runtime) on its first choice, scaled
/// by relative speed, times <c>1 + 2 x (1 - reliability)</c>, plus the transfer of a dataset the site lacks and the
/// work redone away from the job's checkpoint. The wait behind the site's own queue is a start delay here, not
/// runtime (the ranker adds it to runtime only to compare candidates).
/// </summary>
internal static class RunEstimate
{
    public static (TimeSpan Runtime, double Cost) Of(PendingJob job, SiteSnapshot site, IReadOnlySet<string> storageDomains, AcceleratorRequest? choice, SchedulerOptions options)
    {
        var req = job.Requirements;
        var baseHours = (req.MaxRuntime ?? options.DefaultRuntime).TotalHours;
        var penalty = 1 + (2 * (1 - Math.Clamp(site.Reliability, 0, 1)));
        var extra = req.Dataset is { } data && !site.Datasets.Contains(data.Name)
            ? data.SizeMiB / Math.Max(1, site.IngressMiBPerSecond) / 3600
            : 0;
        if (job.CheckpointDomain is { } domain && job.RedoElsewhere > TimeSpan.Zero && !storageDomains.Contains(domain))
        {
            extra += job.RedoElsewhere.TotalHours;
        }

        if (choice is null)
        {
            return (TimeSpan.FromHours((baseHours * penalty) + extra), 0);
        }

        var reference = ThroughputTable.Speed(req.Accelerators[0].Model, req, null);
        var speed = ThroughputTable.Speed(choice.Model, req, site.Throughput);
        var hours = (baseHours * reference / speed * penalty) + extra;
        var price = site.Prices.TryGetValue(choice.Model, out var p) ? p : 0;
        price = req.Preemptible ? price * site.PreemptibleDiscount : price;
        var cost = price * choice.Count * req.Replicas * hours;
        return (TimeSpan.FromHours(hours), double.IsFinite(cost) ? cost : 0);
    }

    /// <summary>How long work of the choice's model waits behind the site's own queue: the queued devices over the
    /// site's devices of that model, times the default runtime (as the ranker reckons it).</summary>
    public static TimeSpan QueueWait(SiteSnapshot site, AcceleratorRequest? choice, int siteDevices, SchedulerOptions options) =>
        choice is not null && site.QueuedAccelerators.TryGetValue(choice.Model, out var queued) && queued > 0 && siteDevices > 0
            ? TimeSpan.FromHours((double)queued / siteDevices * options.DefaultRuntime.TotalHours)
            : TimeSpan.Zero;
}
