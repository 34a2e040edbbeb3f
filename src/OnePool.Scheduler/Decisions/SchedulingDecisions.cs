using OnePool.Core.Resources;

namespace OnePool.Scheduler.Decisions;

/// <summary>The outcome of one cycle.</summary>
/// <param name="Placements">Jobs to start now, in the order they were decided.</param>
/// <param name="Waiting">Jobs left pending, each with a reason a person can act on.</param>
public sealed record SchedulingDecisions(IReadOnlyList<Placement> Placements, IReadOnlyList<WaitingJob> Waiting);

/// <summary>Where every replica of one job starts. A gang is always inside one site.</summary>
/// <param name="JobId">Job id.</param>
/// <param name="Site">The site.</param>
/// <param name="Accelerator">The accelerator alternative chosen, or null when the job needs none.</param>
/// <param name="Replicas">One entry per replica, in replica order.</param>
public sealed record Placement(long JobId, string Site, AcceleratorRequest? Accelerator, IReadOnlyList<ReplicaPlacement> Replicas);

/// <summary>Where one replica runs.</summary>
/// <param name="NodeId">Node id.</param>
/// <param name="DeviceIndices">Accelerator devices given to it.</param>
public sealed record ReplicaPlacement(string NodeId, IReadOnlyList<int> DeviceIndices);

/// <summary>A job that stays pending this cycle.</summary>
/// <param name="JobId">Job id.</param>
/// <param name="Reason">Why, e.g. <c>waiting for resources: needs 2 x (16 cpu, 64Gi, A100-80G:8) in one site</c>.</param>
/// <param name="FitsNowhere">True when no ready node could ever hold it (as opposed to waiting for others to finish).</param>
public sealed record WaitingJob(long JobId, string Reason, bool FitsNowhere);
