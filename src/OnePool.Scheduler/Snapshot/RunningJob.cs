using OnePool.Core.Resources;
using OnePool.Core.Specs;
using OnePool.Scheduler.Decisions;

namespace OnePool.Scheduler.Snapshot;

/// <summary>A live attempt: what it holds and what it would cost to preempt.</summary>
/// <param name="AttemptId">Attempt id (what a preemption names).</param>
/// <param name="JobId">Job id.</param>
/// <param name="Tenant">Owner.</param>
/// <param name="Priority">Its job's priority.</param>
/// <param name="Requirements">Its job's requirements (per replica amounts, preemptible, resumable, max runtime).</param>
/// <param name="Site">Where it runs.</param>
/// <param name="Accelerator">The accelerator choice it runs with, or null.</param>
/// <param name="Replicas">Its replicas' nodes and devices.</param>
/// <param name="StartedAt">When it was dispatched.</param>
public sealed record RunningJob(
    long AttemptId, long JobId, string Tenant, int Priority, JobRequirements Requirements, string Site,
    AcceleratorRequest? Accelerator, IReadOnlyList<ReplicaPlacement> Replicas, DateTimeOffset StartedAt)
{
    /// <summary>When it last wrote a checkpoint, if it did; work since then is lost if it is preempted.</summary>
    public DateTimeOffset? LastCheckpointAt { get; init; }

    /// <summary>True when it is already being stopped (a victim of an earlier cycle).</summary>
    public bool Stopping { get; init; }
}
