using OnePool.Core.Resources;
using OnePool.Scheduler.Cycle;

namespace OnePool.Scheduler.Heterogeneity;

/// <summary>One way to run a job: a site and an accelerator choice, with its expected runtime and cost.</summary>
/// <param name="Site">The site.</param>
/// <param name="Model">Model id, or -1 without accelerators.</param>
/// <param name="Choice">The accelerator alternative, or null.</param>
/// <param name="RuntimeHours">Expected runtime including penalties and data transfer.</param>
/// <param name="Cost">Expected price of the run.</param>
internal readonly record struct Candidate(SiteState Site, int Model, AcceleratorRequest? Choice, double RuntimeHours, double Cost)
{
    /// <summary>The site's buckets for <see cref="Model"/> (null without accelerators), kept here so the hot
    /// plausibility check needs no dictionary lookup.</summary>
    public FreeBuckets? Buckets { get; init; }

    /// <summary>True when <see cref="RuntimeHours"/> and <see cref="Cost"/> are for the job's real runtime (built for a
    /// dataset or checkpoint penalty); false when they are per hour of runtime (cached rankings).</summary>
    public bool Absolute { get; init; }

    public int Count => Choice?.Count ?? 0;
}
