namespace OnePool.Scheduler;

/// <summary>Knobs of <see cref="PoolScheduler"/>. The defaults are the production policy; the simulator and the
/// benchmarks turn parts off to measure what each is worth.</summary>
public sealed record SchedulerOptions
{
    /// <summary>Best-fit packing: put a replica on the node with the fewest free devices that still fits it, so whole
    /// nodes stay free for 8-GPU jobs. Off: first fit in node order. Default: on.</summary>
    public bool Packing { get; init; } = true;

    /// <summary>EASY backfill: the first job blocked for resources gets a reservation; later jobs may only use its
    /// room if their max runtime ends before it starts. Default: on.</summary>
    public bool Backfill { get; init; } = true;

    /// <summary>Preempt lower-priority, preemptible or borrowed work when a job cannot start otherwise. Default: on.</summary>
    public bool Preemption { get; init; } = true;

    /// <summary>Enforce tenant quotas and cohort borrowing. Default: on.</summary>
    public bool Quotas { get; init; } = true;

    /// <summary>How much cheaper a slower choice must be to win: choices within this fraction of the fastest
    /// expected runtime are ranked by price. Default: 0.1 (10%).</summary>
    public double RuntimeTolerance { get; init; } = 0.1;

    /// <summary>Runtime assumed for a job without a max runtime, for comparing choices. Default: 1 hour.</summary>
    public TimeSpan DefaultRuntime { get; init; } = TimeSpan.FromHours(1);

    /// <summary>Most preemption victims considered for one job. Default: 64.</summary>
    public int MaxVictims { get; init; } = 64;
}
