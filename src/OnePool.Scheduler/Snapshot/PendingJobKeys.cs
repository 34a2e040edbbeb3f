using OnePool.Core.Specs;
using OnePool.Scheduler.Explain;

namespace OnePool.Scheduler.Snapshot;

/// <summary>
/// What every cycle reads from a pending job before anything else — its need hash, tier and max runtime — worked
/// out once per requirements object and kept beside the job, so that a cycle over a long queue touches one small
/// object per job instead of chasing the requirements and a hash table for each (the queue walk is bound by memory
/// latency, not arithmetic). Keyed on the requirements reference, so a <c>with</c> copy that swaps the requirements
/// recomputes. Never part of a job's equality.
/// </summary>
internal sealed class PendingJobKeys
{
    private Computed? _computed;

    public Computed Of(JobRequirements requirements)
    {
        var computed = Volatile.Read(ref _computed);
        if (computed is null || !ReferenceEquals(computed.Requirements, requirements))
        {
            computed = new Computed(requirements, ShapeHash.Need(requirements), requirements.Preemptible, requirements.MaxRuntime);
            Volatile.Write(ref _computed, computed);
        }

        return computed;
    }

    public override bool Equals(object? obj) => obj is PendingJobKeys;

    public override int GetHashCode() => 0;

    /// <summary>The keys of one requirements object.</summary>
    /// <param name="Requirements">The object they were computed from.</param>
    /// <param name="Need"><see cref="ShapeHash.Need"/>.</param>
    /// <param name="Preemptible">The job's tier.</param>
    /// <param name="MaxRuntime">Its max runtime, if any.</param>
    internal sealed record Computed(JobRequirements Requirements, ulong Need, bool Preemptible, TimeSpan? MaxRuntime);
}
