namespace OnePool.Scheduler.Cycle;

/// <summary>
/// Where one scheduling cycle's time went: a diagnostic for benchmarks and logs, never an input to a decision.
/// The queue is ordered and the tenants' books are built on a second core while the calling thread builds the node
/// state and the running work's holdings; then the queue is walked, each pending job either really tried (ranking, quota,
/// placement, explanation) or answered from the cycle's memo of needs that found no room.
/// </summary>
public sealed record CycleTimings
{
    /// <summary>Node state and the running work's holdings, on the calling thread.</summary>
    public TimeSpan StateAndHoldings { get; init; }

    /// <summary>Ordering the queue and building the quota and fair-share books (on a second core when the queue is long).</summary>
    public TimeSpan QueueAndBooks { get; init; }

    /// <summary>How long the calling thread then waited for them.</summary>
    public TimeSpan WaitForQueueAndBooks { get; init; }

    /// <summary>The walk over the queue.</summary>
    public TimeSpan Walk { get; init; }

    /// <summary>Pending jobs really tried.</summary>
    public int Tries { get; init; }

    /// <summary>Pending jobs answered from the cycle's memo.</summary>
    public int MemoAnswers { get; init; }
}
