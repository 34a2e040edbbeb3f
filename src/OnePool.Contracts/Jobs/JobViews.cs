using OnePool.Core.Specs;

namespace OnePool.Contracts.Jobs;

/// <summary>Reply to a submission. The job is committed to the store before this is sent.</summary>
/// <param name="Id">The job id.</param>
/// <param name="State">Its state now (normally <c>pending</c>).</param>
/// <param name="Duplicate">True when the Idempotency-Key matched an earlier submission and no new job was made.</param>
public sealed record SubmitJobResponse(long Id, string State, bool Duplicate);

/// <summary>One row of <c>GET /v1/jobs</c>.</summary>
/// <param name="Id">Job id.</param>
/// <param name="Name">Job name.</param>
/// <param name="Tenant">Owning tenant.</param>
/// <param name="State">pending, scheduled, running, cancelling, succeeded, failed or cancelled.</param>
/// <param name="Priority">Priority, higher first.</param>
/// <param name="Resources">Human summary of what one replica needs, e.g. <c>2 x (4 cpu, 16Gi, A100-80G:8)</c>.</param>
/// <param name="SubmittedAt">When it was acknowledged.</param>
/// <param name="StartedAt">When its latest attempt started running.</param>
/// <param name="FinishedAt">When it reached a final state.</param>
/// <param name="Site">Site of the latest attempt.</param>
/// <param name="Reason">Why it is pending, or why it failed.</param>
/// <param name="ExitCode">Exit code of the final attempt, when it has one.</param>
/// <param name="Attempts">Number of attempts made.</param>
public sealed record JobSummary(
    long Id, string Name, string Tenant, string State, int Priority, string Resources,
    DateTimeOffset SubmittedAt, DateTimeOffset? StartedAt, DateTimeOffset? FinishedAt,
    string? Site, string? Reason, int? ExitCode, int Attempts);

/// <summary>A page of jobs, newest first.</summary>
/// <param name="Jobs">The jobs.</param>
public sealed record JobList(IReadOnlyList<JobSummary> Jobs);

/// <summary><c>GET /v1/jobs/{id}</c>: everything about one job.</summary>
/// <param name="Job">Its summary.</param>
/// <param name="Spec">The spec as submitted.</param>
/// <param name="AttemptHistory">Every attempt, oldest first.</param>
/// <param name="Events">State changes and notes with times, oldest first.</param>
public sealed record JobDetail(JobSummary Job, JobSpec Spec, IReadOnlyList<AttemptView> AttemptHistory, IReadOnlyList<JobEventView> Events)
{
    /// <summary>The newest checkpoint reported, if any.</summary>
    public CheckpointView? Checkpoint { get; init; }

    /// <summary>How much of its allocated accelerator time became progress.</summary>
    public EfficiencyView? Efficiency { get; init; }
}

/// <summary>Effective training time and what was lost (docs/scheduler.md, "Effective training time").</summary>
/// <param name="EffectiveTrainingTime">Productive over allocated-plus-restart accelerator time, 0..1.</param>
/// <param name="LostWorkSeconds">Device-seconds of work thrown away by infrastructure failures (since the last checkpoint, detection included).</param>
/// <param name="RestartSeconds">Device-seconds between an infrastructure failure and the next attempt.</param>
/// <param name="AllocatedDeviceHours">Accelerator-hours held by all attempts.</param>
/// <param name="InfrastructureFailures">Lost or preempted attempts, not charged to the retry budget.</param>
/// <param name="OwnFailures">Attempts that failed on their own, charged to the retry budget.</param>
public sealed record EfficiencyView(double EffectiveTrainingTime, double LostWorkSeconds, double RestartSeconds, double AllocatedDeviceHours, int InfrastructureFailures, int OwnFailures);

/// <summary>A job's newest checkpoint.</summary>
/// <param name="Name">Name under the job's checkpoint directory.</param>
/// <param name="At">When it was marked.</param>
/// <param name="StorageDomain">Where it lives: nodes of this storage domain can resume from it.</param>
/// <param name="Progress">The job's own progress note (e.g. a step count), if it writes one.</param>
public sealed record CheckpointView(string Name, DateTimeOffset At, string StorageDomain, string? Progress);

/// <summary>One dispatch of a job.</summary>
/// <param name="Id">Attempt id (the fencing token: reports for any other attempt are refused).</param>
/// <param name="Number">1 for the first attempt, 2 for the first retry, ...</param>
/// <param name="State">dispatched, running, stopping, succeeded, failed, cancelled or lost.</param>
/// <param name="Site">Where it was placed.</param>
/// <param name="Accelerator">The accelerator choice made, e.g. <c>T4:1</c>, or empty.</param>
/// <param name="Replicas">Its replicas.</param>
/// <param name="CreatedAt">When it was dispatched.</param>
/// <param name="StartedAt">When all its replicas ran.</param>
/// <param name="FinishedAt">When it ended.</param>
/// <param name="ExitCode">Exit code (first non-zero replica's, else 0).</param>
/// <param name="Reason">Why it ended, when not success.</param>
public sealed record AttemptView(
    long Id, int Number, string State, string Site, string Accelerator, IReadOnlyList<ReplicaView> Replicas,
    DateTimeOffset CreatedAt, DateTimeOffset? StartedAt, DateTimeOffset? FinishedAt, int? ExitCode, string? Reason)
{
    /// <summary>The broker leader term that dispatched it (replicas on PostgreSQL elect a leader; each change of
    /// leader starts a new term). Absent for attempts dispatched before elections existed.</summary>
    public long? Term { get; init; }
}

/// <summary>One replica of an attempt.</summary>
/// <param name="Index">0-based replica index.</param>
/// <param name="Node">Node id (<c>site/node</c>).</param>
/// <param name="State">assigned, running, succeeded, failed, stopped or lost.</param>
/// <param name="AcceleratorIndices">Device indices given to it (its CUDA_VISIBLE_DEVICES).</param>
/// <param name="ExitCode">Its exit code.</param>
/// <param name="StartedAt">When its process started.</param>
/// <param name="FinishedAt">When its process ended.</param>
public sealed record ReplicaView(
    int Index, string Node, string State, IReadOnlyList<int> AcceleratorIndices, int? ExitCode,
    DateTimeOffset? StartedAt, DateTimeOffset? FinishedAt);

/// <summary>Something that happened to a job.</summary>
/// <param name="At">When.</param>
/// <param name="Type">submitted, scheduled, running, succeeded, failed, requeued, cancel-requested, cancelled, ...</param>
/// <param name="Message">What, in a sentence.</param>
public sealed record JobEventView(DateTimeOffset At, string Type, string Message);

/// <summary>Output of a job after a cursor. Poll with <c>after=NextCursor</c> to follow.</summary>
/// <param name="Chunks">Output in the order it was received.</param>
/// <param name="NextCursor">Pass as <c>after</c> to get only newer output.</param>
/// <param name="Complete">True when the job is final and all its output has arrived.</param>
/// <param name="State">The job's state now.</param>
public sealed record LogPage(IReadOnlyList<LogChunk> Chunks, long NextCursor, bool Complete, string State);

/// <summary>A piece of one replica's combined stdout and stderr.</summary>
/// <param name="AttemptId">Attempt.</param>
/// <param name="Replica">Replica index.</param>
/// <param name="Data">Text (UTF-8; invalid bytes replaced).</param>
public sealed record LogChunk(long AttemptId, int Replica, string Data);
