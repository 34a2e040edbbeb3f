using OnePool.Scheduler.Snapshot;

namespace OnePool.Scheduler.Cycle;

/// <summary>
/// A pending job as the queue walk reads it. What the cycle's memo needs (need hash, priority, latest end) is copied
/// out of the job while the queue is ordered on the second core, so the walk answers a look-alike of a job that
/// found no room from one contiguous entry instead of reaching into the job object (most of a long queue is such
/// look-alikes, and the walk is bound by memory latency).
/// </summary>
internal readonly struct QueuedJob(PendingJob job, DateTimeOffset now)
{
    public readonly PendingJob Job = job;

    public readonly ulong NeedHash = job.NeedHash;

    /// <summary>UTC ticks of the latest end if the job started now; <see cref="long.MaxValue"/> without a max runtime.</summary>
    public readonly long EndTicks = job.MaxRuntime is { } max ? (now + max).UtcTicks : long.MaxValue;

    public readonly long JobId = job.JobId;

    public readonly int Priority = job.Priority;

    /// <summary>The latest end if the job started now, or null without a max runtime.</summary>
    public DateTimeOffset? End => EndTicks == long.MaxValue ? null : new DateTimeOffset(EndTicks, TimeSpan.Zero);

    /// <summary>Whether the job would end by <paramref name="reservation"/> (and so may use reserved room).</summary>
    public bool EndsBy(DateTimeOffset? reservation) => EndTicks != long.MaxValue && reservation is { } t && EndTicks <= t.UtcTicks;
}
