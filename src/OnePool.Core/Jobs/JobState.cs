namespace OnePool.Core.Jobs;

/// <summary>Where a job is in its life. Stored and shown as lower-case words.</summary>
public enum JobState
{
    /// <summary>Waiting for a placement.</summary>
    Pending,

    /// <summary>An attempt is dispatched to a site; its replicas have not all started yet.</summary>
    Scheduled,

    /// <summary>All replicas of the current attempt run.</summary>
    Running,

    /// <summary>Cancel was asked while an attempt was live; waiting for the agents to stop it.</summary>
    Cancelling,

    /// <summary>Every replica exited 0. Final.</summary>
    Succeeded,

    /// <summary>An attempt failed and no retry is left. Final.</summary>
    Failed,

    /// <summary>Cancelled by a user. Final.</summary>
    Cancelled,
}

/// <summary>Where one attempt (one dispatch of a job) is in its life.</summary>
public enum AttemptState
{
    /// <summary>Sent to the agents; not every replica runs yet.</summary>
    Dispatched,

    /// <summary>All replicas run.</summary>
    Running,

    /// <summary>Being stopped (cancel or failure of a sibling replica).</summary>
    Stopping,

    /// <summary>All replicas exited 0.</summary>
    Succeeded,

    /// <summary>A replica exited non-zero or could not start.</summary>
    Failed,

    /// <summary>Stopped because the job was cancelled.</summary>
    Cancelled,

    /// <summary>The node or agent was lost; the attempt is fenced and the job requeued.</summary>
    Lost,

    /// <summary>Stopped to make room for other work; the job is requeued without using its retry budget.</summary>
    Preempted,
}

/// <summary>Why the broker asked an attempt to stop, which decides its final state once every replica has ended.</summary>
public enum StopCause
{
    /// <summary>Not asked to stop.</summary>
    None,

    /// <summary>The job was cancelled.</summary>
    Cancel,

    /// <summary>Preempted by the scheduler.</summary>
    Preempt,
}

/// <summary>Where one replica of an attempt is, as its agent reports it.</summary>
public enum ReplicaState
{
    /// <summary>Assigned to a node, not reported started.</summary>
    Assigned,

    /// <summary>The process runs.</summary>
    Running,

    /// <summary>Exited 0.</summary>
    Succeeded,

    /// <summary>Exited non-zero, was killed by a signal, or could not start.</summary>
    Failed,

    /// <summary>Stopped on the broker's order.</summary>
    Stopped,

    /// <summary>Its node was lost.</summary>
    Lost,
}

/// <summary>Helpers for the state enums.</summary>
public static class States
{
    /// <summary>True for states a job never leaves.</summary>
    public static bool IsFinal(this JobState state) => state is JobState.Succeeded or JobState.Failed or JobState.Cancelled;

    /// <summary>True for states an attempt never leaves.</summary>
    public static bool IsFinal(this AttemptState state) =>
        state is AttemptState.Succeeded or AttemptState.Failed or AttemptState.Cancelled or AttemptState.Lost or AttemptState.Preempted;

    /// <summary>True when the replica's process has ended (or never will run).</summary>
    public static bool IsFinal(this ReplicaState state) =>
        state is ReplicaState.Succeeded or ReplicaState.Failed or ReplicaState.Stopped or ReplicaState.Lost;

    /// <summary>The lower-case word used in storage, the API and the CLI.</summary>
    public static string ToWord<T>(this T state)
        where T : struct, Enum => state.ToString().ToLowerInvariant();

    /// <summary>Parses a lower-case word back into a state.</summary>
    public static T Parse<T>(string word)
        where T : struct, Enum => Enum.Parse<T>(word, ignoreCase: true);
}
