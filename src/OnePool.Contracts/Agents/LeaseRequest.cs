namespace OnePool.Contracts.Agents;

/// <summary>
/// <c>POST /v1/agents/lease</c>, sent by a site agent with its site token. It is the heartbeat and the whole report:
/// the node's inventory, the state of every replica the agent holds, and new output. The broker commits the report
/// before it answers, so an agent may forget what the answer no longer lists.
/// </summary>
/// <param name="Node">What the node is.</param>
/// <param name="Replicas">Every replica the agent holds (running or ended but not yet acknowledged).</param>
/// <param name="Logs">New output since the last acknowledged offset of each replica.</param>
/// <param name="WaitMillis">How long the broker may hold the call open when it has nothing new to say (long poll), 0..30000.</param>
/// <param name="AgentInstance">Random id of this agent process, new on every start (tells a restart from a reconnect).</param>
public sealed record LeaseRequest(
    AgentNode Node,
    IReadOnlyList<ReplicaReport> Replicas,
    IReadOnlyList<LogUpload> Logs,
    int WaitMillis,
    string AgentInstance);

/// <summary>The node an agent serves.</summary>
/// <param name="Name">Node name, unique in its site.</param>
/// <param name="Executor">How it runs work: <c>process</c>.</param>
/// <param name="CpuMillis">CPU in millicores that jobs may use.</param>
/// <param name="MemoryMiB">Memory in MiB that jobs may use.</param>
/// <param name="Accelerators">Devices, by index.</param>
/// <param name="Extended">Extended resources (<c>dpu</c>, <c>npu</c>, ...) and their counts.</param>
/// <param name="Labels">Node labels.</param>
public sealed record AgentNode(
    string Name,
    string Executor,
    int CpuMillis,
    long MemoryMiB,
    IReadOnlyList<AcceleratorDevice> Accelerators,
    IReadOnlyDictionary<string, long> Extended,
    IReadOnlyDictionary<string, string> Labels)
{
    /// <summary>Nodes with the same storage domain share their checkpoint root, so a job can resume on any of them
    /// from a checkpoint written on another. Default (null): the node alone.</summary>
    public string? StorageDomain { get; init; }

    /// <summary>True when the site's own engine takes no new work on this node (a Slurm node in drain, down or
    /// reserved for maintenance): the broker places nothing new here; work already running is left alone.</summary>
    public bool Draining { get; init; }

    /// <summary>Accelerators by pool model that the site's own engine has queued for work OnePool did not send (a
    /// Slurm site's local users), the same figure on every node of the site. The scheduler counts it as site load.</summary>
    public IReadOnlyDictionary<string, int>? SiteQueue { get; init; }

    /// <summary>How many times its capacity the node's own engine may hold in its queue on top of what runs (a Slurm
    /// node with <c>--slurm-queue-depth</c>): the broker may place up to (1 + QueueSlots) x the capacity there and
    /// the engine starts the queued work as soon as running work ends, without a round trip. Default: 0, none.</summary>
    public int QueueSlots { get; init; }
}

/// <summary>One accelerator device.</summary>
/// <param name="Index">Index as the device runtime numbers it (CUDA_VISIBLE_DEVICES).</param>
/// <param name="Model">Pool model name, e.g. <c>A100-80G</c>.</param>
/// <param name="MemoryMiB">Device memory.</param>
/// <param name="Healthy">False when the device reports a fault.</param>
public sealed record AcceleratorDevice(int Index, string Model, long MemoryMiB, bool Healthy);

/// <summary>The state of one replica the agent holds.</summary>
/// <param name="AttemptId">Attempt (the fencing token).</param>
/// <param name="ReplicaIndex">Replica index.</param>
/// <param name="State">running, succeeded, failed, stopped, or lost (ended by an infrastructure failure the agent saw,
/// such as a Slurm node failure: requeued without using the job's retries).</param>
/// <param name="ExitCode">Exit code once ended (128+N for signal N).</param>
/// <param name="StartedAt">When the process started.</param>
/// <param name="FinishedAt">When it ended.</param>
/// <param name="Message">Why it failed to start or was stopped, when it did not simply exit.</param>
public sealed record ReplicaReport(
    long AttemptId, int ReplicaIndex, string State, int? ExitCode,
    DateTimeOffset? StartedAt, DateTimeOffset? FinishedAt, string? Message)
{
    /// <summary>The newest checkpoint the replica marked: the content of <c>$ONEPOOL_CHECKPOINT_DIR/latest</c>, a
    /// name relative to that directory.</summary>
    public string? Checkpoint { get; init; }

    /// <summary>When <see cref="Checkpoint"/> was marked (the <c>latest</c> file's modification time).</summary>
    public DateTimeOffset? CheckpointAt { get; init; }

    /// <summary>The content of <c>$ONEPOOL_CHECKPOINT_DIR/progress</c> (e.g. a step count), at most 100 characters.</summary>
    public string? Progress { get; init; }
}

/// <summary>Output of one replica from a byte offset.</summary>
/// <param name="AttemptId">Attempt.</param>
/// <param name="ReplicaIndex">Replica.</param>
/// <param name="Offset">Byte offset of <paramref name="Data"/> in the replica's output.</param>
/// <param name="Length">Bytes of output this chunk covers.</param>
/// <param name="Data">The text.</param>
public sealed record LogUpload(long AttemptId, int ReplicaIndex, long Offset, int Length, string Data);
