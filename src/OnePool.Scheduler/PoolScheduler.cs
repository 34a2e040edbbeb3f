using OnePool.Scheduler.Decisions;
using OnePool.Scheduler.Snapshot;

namespace OnePool.Scheduler;

/// <summary>
/// OnePool's scheduler: a pure function of the snapshot (same snapshot, same decisions). Paying work goes before
/// preemptible work, higher priority before lower; within a priority, tenants take turns by weighted dominant
/// share. Each job is admitted against its tenant's quota (Kueue-style cohorts), placed whole inside one site on
/// the fastest-then-cheapest accelerator choice with best-fit packing, or else may preempt cheaper work, or
/// reserve room (EASY backfill), and is told why it waits. See docs/scheduler.md.
/// </summary>
public sealed class PoolScheduler(SchedulerOptions options) : IScheduler
{
    /// <summary>With the default options.</summary>
    public PoolScheduler()
        : this(new SchedulerOptions())
    {
    }

    /// <summary>The options in force.</summary>
    public SchedulerOptions Options { get; } = options;

    /// <summary>Where the last cycle's time went (a diagnostic: benchmarks print it). Null before the first cycle;
    /// with cycles on several threads at once, one of them.</summary>
    public Cycle.CycleTimings? LastCycle { get; private set; }

    /// <inheritdoc/>
    public SchedulingDecisions Schedule(SchedulingSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var cycle = new Cycle.SchedulingCycle(snapshot, Options);
        var decisions = cycle.Run();
        LastCycle = cycle.Timings;
        return decisions;
    }
}
