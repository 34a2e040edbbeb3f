using OnePool.Scheduler.Decisions;
using OnePool.Scheduler.FirstFit;
using OnePool.Scheduler.Snapshot;

namespace OnePool.Scheduler;

/// <summary>OnePool's scheduler (work in progress: delegates to first fit until the policy lands).</summary>
public sealed class PoolScheduler(SchedulerOptions options) : IScheduler
{
    /// <summary>With the default options.</summary>
    public PoolScheduler()
        : this(new SchedulerOptions())
    {
    }

    /// <summary>The options in force.</summary>
    public SchedulerOptions Options { get; } = options;

    /// <inheritdoc/>
    public SchedulingDecisions Schedule(SchedulingSnapshot snapshot) => new FirstFitScheduler().Schedule(snapshot);
}
