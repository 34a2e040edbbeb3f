using System.Text.Json.Serialization;

namespace OnePool.Agent.Slurm;

// The parts of slurmrestd's v0.0.38 documents the executor reads and writes (snake_case on the wire).

/// <summary>GET /nodes.</summary>
internal sealed record SlurmNodesResponse(
    [property: JsonPropertyName("nodes")] IReadOnlyList<SlurmNodeInfo>? Nodes,
    [property: JsonPropertyName("errors")] IReadOnlyList<SlurmError>? Errors);

/// <summary>One node.</summary>
internal sealed record SlurmNodeInfo(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("state")] string? State,
    [property: JsonPropertyName("state_flags")] IReadOnlyList<string>? StateFlags,
    [property: JsonPropertyName("cpus")] int Cpus,
    [property: JsonPropertyName("real_memory")] long RealMemory,
    [property: JsonPropertyName("gres")] string? Gres,
    [property: JsonPropertyName("partitions")] IReadOnlyList<string>? Partitions,
    [property: JsonPropertyName("reason")] string? Reason);

/// <summary>GET /jobs and GET /job/{id}.</summary>
internal sealed record SlurmJobsResponse(
    [property: JsonPropertyName("jobs")] IReadOnlyList<SlurmJobInfo>? Jobs,
    [property: JsonPropertyName("errors")] IReadOnlyList<SlurmError>? Errors);

/// <summary>One job. <see cref="ExitCode"/> is a wait status: exit code in bits 8-15, signal in bits 0-6.</summary>
internal sealed record SlurmJobInfo(
    [property: JsonPropertyName("job_id")] long JobId,
    [property: JsonPropertyName("name")] string? Name,
    [property: JsonPropertyName("comment")] string? Comment,
    [property: JsonPropertyName("job_state")] string? JobState,
    [property: JsonPropertyName("state_reason")] string? StateReason,
    [property: JsonPropertyName("exit_code")] int? ExitCode,
    [property: JsonPropertyName("start_time")] long? StartTime,
    [property: JsonPropertyName("end_time")] long? EndTime,
    [property: JsonPropertyName("nodes")] string? Nodes,
    [property: JsonPropertyName("restart_cnt")] int? RestartCount = null,
    [property: JsonPropertyName("tres_per_node")] string? TresPerNode = null,
    [property: JsonPropertyName("node_count")] int? NodeCount = null);

/// <summary>POST /job/submit.</summary>
internal sealed record SlurmSubmitRequest(
    [property: JsonPropertyName("job")] SlurmJobProperties Job,
    [property: JsonPropertyName("script")] string Script);

/// <summary>The job's properties, as sbatch options.</summary>
internal sealed record SlurmJobProperties
{
    [JsonPropertyName("name")]
    public required string Name { get; init; }

    [JsonPropertyName("comment")]
    public required string Comment { get; init; }

    [JsonPropertyName("partition")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Partition { get; init; }

    [JsonPropertyName("current_working_directory")]
    public required string CurrentWorkingDirectory { get; init; }

    [JsonPropertyName("environment")]
    public required IReadOnlyDictionary<string, string> Environment { get; init; }

    [JsonPropertyName("nodes")]
    public required int[] Nodes { get; init; }

    [JsonPropertyName("tasks")]
    public required int Tasks { get; init; }

    [JsonPropertyName("tasks_per_node")]
    public int TasksPerNode { get; init; } = 1;

    [JsonPropertyName("cpus_per_task")]
    public required int CpusPerTask { get; init; }

    [JsonPropertyName("memory_per_node")]
    public required long MemoryPerNode { get; init; }

    [JsonPropertyName("gres")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Gres { get; init; }

    [JsonPropertyName("time_limit")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? TimeLimitMinutes { get; init; }

    [JsonPropertyName("standard_output")]
    public required string StandardOutput { get; init; }

    /// <summary>Always false: OnePool requeues, so Slurm must not run an attempt a second time.</summary>
    [JsonPropertyName("requeue")]
    public bool Requeue { get; init; }
}

/// <summary>POST /job/submit's answer.</summary>
internal sealed record SlurmSubmitResponse(
    [property: JsonPropertyName("job_id")] long? JobId,
    [property: JsonPropertyName("errors")] IReadOnlyList<SlurmError>? Errors);

/// <summary>An error entry (22.05 uses both <c>error</c> and <c>description</c>).</summary>
internal sealed record SlurmError(
    [property: JsonPropertyName("error")] string? Error,
    [property: JsonPropertyName("description")] string? Description,
    [property: JsonPropertyName("error_code")] int? ErrorCode)
{
    public override string ToString() => Description is { Length: > 0 } d ? $"{Error}: {d}" : Error ?? "unknown error";
}
