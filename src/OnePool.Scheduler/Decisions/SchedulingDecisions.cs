using OnePool.Core.Resources;

namespace OnePool.Scheduler.Decisions;

/// <summary>The outcome of one cycle.</summary>
/// <param name="Placements">Jobs to start now, in the order they were decided.</param>
/// <param name="Waiting">Jobs left pending, each with a reason a person can act on.</param>
public sealed record SchedulingDecisions(IReadOnlyList<Placement> Placements, IReadOnlyList<WaitingJob> Waiting)
{
    /// <summary>Attempts to stop so that higher-priority or reclaiming work can start. Each victim gets its grace
    /// period to checkpoint; the job it makes room for starts in a later cycle, once the room is free.</summary>
    public IReadOnlyList<Preemption> Preemptions { get; init; } = [];
}

/// <summary>An attempt to stop to make room.</summary>
/// <param name="AttemptId">The victim attempt.</param>
/// <param name="JobId">The victim's job.</param>
/// <param name="ForJobId">The job that needs the room.</param>
/// <param name="Reason">Why, for the victim's events, e.g. <c>preempted by job 42 (priority 10 over 0)</c>.</param>
public sealed record Preemption(long AttemptId, long JobId, long ForJobId, string Reason);

/// <summary>Where every replica of one job starts. A gang is always inside one site.</summary>
/// <param name="JobId">Job id.</param>
/// <param name="Site">The site.</param>
/// <param name="Accelerator">The accelerator alternative chosen, or null when the job needs none.</param>
/// <param name="Replicas">One entry per replica, in replica order.</param>
public sealed record Placement(long JobId, string Site, AcceleratorRequest? Accelerator, IReadOnlyList<ReplicaPlacement> Replicas)
{
    /// <summary>True when the placement uses quota borrowed from the tenant's cohort (reclaimable).</summary>
    public bool Borrowing { get; init; }

    /// <summary>Expected runtime on the chosen model and site (from max runtime and relative speed), when known.</summary>
    public TimeSpan? EstimatedRuntime { get; init; }

    /// <summary>Expected price of the run (price per accelerator-hour x devices x hours), when known.</summary>
    public double? EstimatedCost { get; init; }
}

/// <summary>Where one replica runs.</summary>
/// <param name="NodeId">Node id.</param>
/// <param name="DeviceIndices">Accelerator devices given to it.</param>
public sealed record ReplicaPlacement(string NodeId, IReadOnlyList<int> DeviceIndices);

/// <summary>A job that stays pending this cycle. A value, not an object: most of a long queue waits, and a cycle
/// over 100,000 jobs would otherwise allocate (and the GC copy) one object per waiting job.</summary>
/// <param name="JobId">Job id.</param>
/// <param name="Reason">Why, e.g. <c>waiting for resources: needs 2 x (16 cpu, 64Gi, A100-80G:8) in one site</c>.</param>
/// <param name="FitsNowhere">True when no ready node could ever hold it (as opposed to waiting for others to finish).</param>
public readonly record struct WaitingJob(long JobId, string Reason, bool FitsNowhere);
