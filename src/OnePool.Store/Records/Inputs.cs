using OnePool.Core.Jobs;

namespace OnePool.Store.Records;

/// <summary>Which jobs to list.</summary>
/// <param name="Tenant">Only this tenant's, or all when null.</param>
/// <param name="States">Only these state words, or all when empty.</param>
/// <param name="FinishedSince">Hide final jobs that finished before this, or show all when null.</param>
/// <param name="Limit">At most this many (1..10000).</param>
public sealed record JobQuery(string? Tenant, IReadOnlyList<string> States, DateTimeOffset? FinishedSince, int Limit);

/// <summary>An attempt to create.</summary>
/// <param name="JobId">Job.</param>
/// <param name="Site">Site.</param>
/// <param name="Accelerator">Choice made, e.g. <c>T4:1</c>, or empty.</param>
/// <param name="Replicas">Replica placements in index order.</param>
public sealed record NewAttempt(long JobId, string Site, string Accelerator, IReadOnlyList<NewReplica> Replicas);

/// <summary>A replica placement.</summary>
/// <param name="NodeId">Node.</param>
/// <param name="Devices">Device indices.</param>
/// <param name="CpuMillis">CPU held.</param>
/// <param name="MemoryMiB">Memory held.</param>
/// <param name="Extended">Extended resources held.</param>
public sealed record NewReplica(string NodeId, IReadOnlyList<int> Devices, int CpuMillis, long MemoryMiB, IReadOnlyDictionary<string, long> Extended);

/// <summary>An agent's report about one replica.</summary>
/// <param name="AttemptId">Attempt.</param>
/// <param name="Replica">Index.</param>
/// <param name="State">Reported state.</param>
/// <param name="ExitCode">Exit code, once ended.</param>
/// <param name="StartedAt">Process start.</param>
/// <param name="FinishedAt">Process end.</param>
/// <param name="Message">Why it failed or stopped.</param>
public sealed record ReplicaUpdate(long AttemptId, int Replica, ReplicaState State, int? ExitCode, DateTimeOffset? StartedAt, DateTimeOffset? FinishedAt, string? Message);

/// <summary>Output to store.</summary>
/// <param name="AttemptId">Attempt.</param>
/// <param name="Replica">Replica.</param>
/// <param name="Offset">Byte offset of this chunk.</param>
/// <param name="Length">Bytes covered.</param>
/// <param name="Data">Text.</param>
public sealed record LogWrite(long AttemptId, int Replica, long Offset, int Length, string Data);

/// <summary>A state change the store made, for metrics, logs and waking waiters.</summary>
/// <param name="JobId">Job.</param>
/// <param name="AttemptId">Attempt, when the change was an attempt's.</param>
/// <param name="JobState">The job's new state, when it changed.</param>
/// <param name="AttemptState">The attempt's new state, when it changed.</param>
public sealed record Transition(long JobId, long? AttemptId, JobState? JobState, AttemptState? AttemptState);

/// <summary>An attempt the scheduler decided to preempt.</summary>
/// <param name="AttemptId">The victim attempt.</param>
/// <param name="JobId">Its job.</param>
/// <param name="Reason">Why, e.g. <c>preempted by job 42 (priority 10 over 0)</c>.</param>
public sealed record NewPreemption(long AttemptId, long JobId, string Reason);

/// <summary>What a scheduling cycle's commit did.</summary>
/// <param name="Created">Attempts created.</param>
/// <param name="Preempted">Victim attempts that went to stopping (those already ended or stopping are skipped).</param>
public sealed record CycleOutcome(IReadOnlyList<AttemptRecord> Created, IReadOnlyList<long> Preempted);

/// <summary>A checkpoint a replica marked.</summary>
/// <param name="AttemptId">Attempt.</param>
/// <param name="Replica">Replica.</param>
/// <param name="Name">Name under the job's checkpoint folder.</param>
/// <param name="At">When it was marked.</param>
/// <param name="Progress">The job's progress note.</param>
public sealed record CheckpointMark(long AttemptId, int Replica, string Name, DateTimeOffset At, string? Progress);

/// <summary>Everything about one job, read from one committed state.</summary>
/// <param name="Job">The job.</param>
/// <param name="Attempts">Its attempts, oldest first.</param>
/// <param name="Replicas">Their replicas.</param>
/// <param name="Events">Its events, oldest first.</param>
public sealed record JobHistory(JobRecord Job, IReadOnlyList<AttemptRecord> Attempts, IReadOnlyList<ReplicaRecord> Replicas, IReadOnlyList<EventRecord> Events);
