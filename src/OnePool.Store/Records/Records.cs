namespace OnePool.Store.Records;

// Row types as Dapper reads them: SQLite gives every integer as Int64, so integer columns are long here.
// Times are Unix milliseconds; Time.From/To convert.

/// <summary>A bearer token's role and subject.</summary>
public sealed class TokenRecord
{
    /// <summary>SHA-256 hex of the token.</summary>
    public string Hash { get; set; } = "";

    /// <summary>admin, tenant or site.</summary>
    public string Role { get; set; } = "";

    /// <summary>Tenant or site name; <c>admin</c> for admins.</summary>
    public string Subject { get; set; } = "";

    /// <summary>Creation time.</summary>
    public long CreatedAt { get; set; }
}

/// <summary>A node's last reported inventory.</summary>
public sealed class NodeRecord
{
    /// <summary><c>site/name</c>.</summary>
    public string Id { get; set; } = "";

    /// <summary>Site.</summary>
    public string Site { get; set; } = "";

    /// <summary>Name in the site.</summary>
    public string Name { get; set; } = "";

    /// <summary>The agent's <c>AgentNode</c> as JSON.</summary>
    public string Inventory { get; set; } = "";

    /// <summary>When the inventory last changed.</summary>
    public long UpdatedAt { get; set; }

    /// <summary>While draining: when work still running there is moved. Null when not draining.</summary>
    public long? DrainDeadline { get; set; }
}

/// <summary>A job row.</summary>
public sealed class JobRecord
{
    /// <summary>Id.</summary>
    public long Id { get; set; }

    /// <summary>Tenant.</summary>
    public string Tenant { get; set; } = "";

    /// <summary>Name.</summary>
    public string Name { get; set; } = "";

    /// <summary>State word.</summary>
    public string State { get; set; } = "";

    /// <summary>Priority.</summary>
    public long Priority { get; set; }

    /// <summary>The submitted JobSpec as JSON.</summary>
    public string Spec { get; set; } = "";

    /// <summary>Human summary of the requirements.</summary>
    public string Resources { get; set; } = "";

    /// <summary>Acknowledgement time.</summary>
    public long SubmittedAt { get; set; }

    /// <summary>When the latest attempt started running.</summary>
    public long? StartedAt { get; set; }

    /// <summary>When it became final.</summary>
    public long? FinishedAt { get; set; }

    /// <summary>Pending or failure reason.</summary>
    public string? Reason { get; set; }

    /// <summary>Final exit code.</summary>
    public long? ExitCode { get; set; }

    /// <summary>Attempts made.</summary>
    public long Attempts { get; set; }

    /// <summary>Failed attempts that used up the retry budget.</summary>
    public long Failures { get; set; }

    /// <summary>Site of the latest attempt.</summary>
    public string? Site { get; set; }

    /// <summary>1 once cancel was asked.</summary>
    public long CancelRequested { get; set; }

    /// <summary>Newest checkpoint's name, if any.</summary>
    public string? Checkpoint { get; set; }

    /// <summary>When it was marked.</summary>
    public long? CheckpointAt { get; set; }

    /// <summary>Storage domain holding it.</summary>
    public string? CheckpointDomain { get; set; }

    /// <summary>The job's progress note.</summary>
    public string? Progress { get; set; }

    /// <summary>Not to be placed before this time (retry backoff), if set.</summary>
    public long? NotBefore { get; set; }
}

/// <summary>An attempt row.</summary>
public sealed class AttemptRecord
{
    /// <summary>Id (fencing token).</summary>
    public long Id { get; set; }

    /// <summary>Job.</summary>
    public long JobId { get; set; }

    /// <summary>1-based attempt number.</summary>
    public long Number { get; set; }

    /// <summary>State word.</summary>
    public string State { get; set; } = "";

    /// <summary>Site.</summary>
    public string Site { get; set; } = "";

    /// <summary>Chosen accelerator, e.g. <c>T4:1</c>, or empty.</summary>
    public string Accelerator { get; set; } = "";

    /// <summary>Dispatch time.</summary>
    public long CreatedAt { get; set; }

    /// <summary>When every replica ran.</summary>
    public long? StartedAt { get; set; }

    /// <summary>End time.</summary>
    public long? FinishedAt { get; set; }

    /// <summary>Exit code.</summary>
    public long? ExitCode { get; set; }

    /// <summary>Why it ended, when not success; for a preempted attempt, why it was preempted.</summary>
    public string? Reason { get; set; }

    /// <summary>Newest checkpoint its job marked while it ran.</summary>
    public long? CheckpointAt { get; set; }

    /// <summary>Why the broker asked it to stop: null, or <c>preempt</c> (a cancel is on the job).</summary>
    public string? StopCause { get; set; }

    /// <summary>The leader term that dispatched it (null: dispatched without an election).</summary>
    public long? Term { get; set; }
}

/// <summary>A replica row.</summary>
public sealed class ReplicaRecord
{
    /// <summary>Attempt.</summary>
    public long AttemptId { get; set; }

    /// <summary>Replica index.</summary>
    public long Idx { get; set; }

    /// <summary>Node id.</summary>
    public string NodeId { get; set; } = "";

    /// <summary>Device indices as a JSON array.</summary>
    public string Devices { get; set; } = "[]";

    /// <summary>The device indices, parsed from <see cref="Devices"/>.</summary>
    public int[] DeviceIndices => StoredJson.Devices(Devices);

    /// <summary>CPU held.</summary>
    public long CpuMillis { get; set; }

    /// <summary>Memory held.</summary>
    public long MemoryMib { get; set; }

    /// <summary>Extended resources held, JSON object.</summary>
    public string Extended { get; set; } = "{}";

    /// <summary>State word.</summary>
    public string State { get; set; } = "";

    /// <summary>Exit code.</summary>
    public long? ExitCode { get; set; }

    /// <summary>Process start.</summary>
    public long? StartedAt { get; set; }

    /// <summary>Process end.</summary>
    public long? FinishedAt { get; set; }

    /// <summary>Agent's message.</summary>
    public string? Message { get; set; }
}

/// <summary>A replica of a live attempt with its job, as the scheduler and the lease need it.</summary>
public sealed class LiveReplicaRecord
{
    /// <summary>Attempt.</summary>
    public long AttemptId { get; set; }

    /// <summary>Attempt state word.</summary>
    public string AttemptState { get; set; } = "";

    /// <summary>Job.</summary>
    public long JobId { get; set; }

    /// <summary>Replica index.</summary>
    public long Idx { get; set; }

    /// <summary>Node id.</summary>
    public string NodeId { get; set; } = "";

    /// <summary>Device indices JSON.</summary>
    public string Devices { get; set; } = "[]";

    /// <summary>The device indices, parsed from <see cref="Devices"/>.</summary>
    public int[] DeviceIndices => StoredJson.Devices(Devices);

    /// <summary>CPU held.</summary>
    public long CpuMillis { get; set; }

    /// <summary>Memory held.</summary>
    public long MemoryMib { get; set; }

    /// <summary>Extended held JSON.</summary>
    public string Extended { get; set; } = "{}";

    /// <summary>Replica state word.</summary>
    public string State { get; set; } = "";
}

/// <summary>A job event row.</summary>
public sealed class EventRecord
{
    /// <summary>Job.</summary>
    public long JobId { get; set; }

    /// <summary>Time.</summary>
    public long At { get; set; }

    /// <summary>Type word.</summary>
    public string Type { get; set; } = "";

    /// <summary>Sentence.</summary>
    public string Message { get; set; } = "";
}

/// <summary>A stored chunk of output.</summary>
public sealed class LogRecord
{
    /// <summary>Cursor.</summary>
    public long Id { get; set; }

    /// <summary>Attempt.</summary>
    public long AttemptId { get; set; }

    /// <summary>Replica.</summary>
    public long Replica { get; set; }

    /// <summary>Text.</summary>
    public string Data { get; set; } = "";
}

/// <summary>The small JSON documents some columns hold, in one place so their format is read the same way everywhere.</summary>
public static class StoredJson
{
    /// <summary>A replica's device indices (<c>[0,1]</c>); empty for none.</summary>
    public static int[] Devices(string? json) => string.IsNullOrEmpty(json) ? [] : System.Text.Json.JsonSerializer.Deserialize<int[]>(json) ?? [];
}

/// <summary>Unix-millisecond conversions.</summary>
public static class Time
{
    /// <summary>To storage.</summary>
    public static long ToMs(DateTimeOffset t) => t.ToUnixTimeMilliseconds();

    /// <summary>From storage.</summary>
    public static DateTimeOffset FromMs(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);

    /// <summary>From storage, nullable.</summary>
    public static DateTimeOffset? FromMs(long? ms) => ms is { } v ? DateTimeOffset.FromUnixTimeMilliseconds(v) : null;
}
