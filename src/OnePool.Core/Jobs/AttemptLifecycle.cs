namespace OnePool.Core.Jobs;

/// <summary>
/// The rules that turn replica states into attempt states, and attempt outcomes into job states. Pure, so the
/// store applies the same rules whatever database it writes to, and the rules are tested on their own.
/// </summary>
public static class AttemptLifecycle
{
    /// <summary>The attempt's next state given all its replicas' states.</summary>
    /// <remarks>
    /// A gang lives and dies together: once any replica fails, is lost or is stopped (or cancel was asked), the
    /// attempt is <see cref="AttemptState.Stopping"/> and its other replicas are no longer desired, so their agents
    /// stop them. It becomes final only when every replica has ended; the cause decides which final state.
    /// </remarks>
    public static AttemptState Next(AttemptState current, IReadOnlyCollection<ReplicaState> replicas, bool cancelRequested) =>
        Next(current, replicas, cancelRequested ? StopCause.Cancel : StopCause.None);

    /// <summary>The attempt's next state given all its replicas' states and why the broker asked it to stop.</summary>
    /// <remarks>A preempted gang whose replicas all ended is <see cref="AttemptState.Preempted"/> unless one of them
    /// failed on its own first; cancel wins over everything. A replica its agent stopped without being asked (the
    /// agent shut down or fenced itself off) makes the attempt <see cref="AttemptState.Lost"/>: an infrastructure
    /// failure, requeued without using the retry budget.</remarks>
    public static AttemptState Next(AttemptState current, IReadOnlyCollection<ReplicaState> replicas, StopCause cause)
    {
        var cancelRequested = cause == StopCause.Cancel;
        ArgumentNullException.ThrowIfNull(replicas);
        if (current.IsFinal())
        {
            return current;
        }

        if (replicas.All(r => r.IsFinal()))
        {
            return cancelRequested ? AttemptState.Cancelled
                : replicas.Any(r => r == ReplicaState.Failed) ? AttemptState.Failed
                : cause == StopCause.Preempt ? AttemptState.Preempted
                : replicas.All(r => r == ReplicaState.Succeeded) ? AttemptState.Succeeded
                // Lost, or stopped by its agent without being asked (agent shutdown, self-fencing): infrastructure.
                : AttemptState.Lost;
        }

        if (cause != StopCause.None || replicas.Any(r => r is ReplicaState.Failed or ReplicaState.Lost or ReplicaState.Stopped))
        {
            return AttemptState.Stopping;
        }

        return replicas.All(r => r is ReplicaState.Running or ReplicaState.Succeeded) ? AttemptState.Running : current;
    }

    /// <summary>What happens to the job when its attempt ends in <paramref name="outcome"/>.</summary>
    /// <param name="outcome">A final attempt state.</param>
    /// <param name="failuresSoFar">Failed attempts before this one that counted against the retry budget.</param>
    /// <param name="retries">The job's retry budget.</param>
    /// <returns>The job's next state and whether this attempt counts as a failure.</returns>
    /// <remarks>Infrastructure failures (lost) requeue without using the budget; user failures use it.</remarks>
    public static (JobState Next, bool CountsAsFailure) JobAfter(AttemptState outcome, int failuresSoFar, int retries) => outcome switch
    {
        AttemptState.Succeeded => (JobState.Succeeded, false),
        AttemptState.Cancelled => (JobState.Cancelled, false),
        AttemptState.Lost => (JobState.Pending, false),
        AttemptState.Preempted => (JobState.Pending, false),
        AttemptState.Failed => (failuresSoFar < retries ? JobState.Pending : JobState.Failed, true),
        _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome, "not a final attempt state"),
    };

    /// <summary>The window in which repeated infrastructure losses of one job count as a streak.</summary>
    public static readonly TimeSpan LostStreakWindow = TimeSpan.FromMinutes(10);

    /// <summary>How long a job waits after its attempt was lost, given how many of its attempts were lost within
    /// <see cref="LostStreakWindow"/> (this one included): at once for the first two (a node that died, a
    /// preemption), then 10 s doubling up to 10 minutes, so a broken node or site cannot spin a job in a loop.</summary>
    public static TimeSpan LostDelay(int lostRecently) =>
        lostRecently <= 2 ? TimeSpan.Zero : RetryDelay(lostRecently - 2);

    /// <summary>How long a job waits before its next try after its <paramref name="failures"/>-th failure of its own:
    /// 10 s, doubling each time, at most 10 minutes. Infrastructure failures (lost nodes, preemption) requeue at once.</summary>
    public static TimeSpan RetryDelay(int failures) =>
        TimeSpan.FromSeconds(Math.Min(600, 10 * Math.Pow(2, Math.Max(0, failures - 1))));
}
