namespace OnePool.Contracts.Agents;

/// <summary>
/// The broker's answer to a lease: the full desired state of the node (level-triggered). The agent starts what
/// <see cref="Run"/> lists and it does not run, stops what it runs and <see cref="Run"/> omits, and forgets ended
/// replicas that <see cref="Run"/> omits (the broker has recorded them).
/// </summary>
/// <param name="NodeId">The node's pool id, <c>site/name</c>.</param>
/// <param name="LeaseIntervalMillis">When to lease again at the latest when nothing happens.</param>
/// <param name="Run">Every replica this node should be running.</param>
/// <param name="LogAcks">Next expected byte offset per replica; output before it is stored.</param>
public sealed record LeaseResponse(
    string NodeId,
    int LeaseIntervalMillis,
    IReadOnlyList<ReplicaAssignment> Run,
    IReadOnlyList<LogAck> LogAcks);

/// <summary>One replica to run, with everything needed to start it.</summary>
/// <param name="AttemptId">Attempt id.</param>
/// <param name="JobId">Job id.</param>
/// <param name="JobName">Job name.</param>
/// <param name="ReplicaIndex">0-based index.</param>
/// <param name="NumReplicas">Gang size.</param>
/// <param name="Command">Program and arguments, or empty when <paramref name="Script"/> is set.</param>
/// <param name="Script">bash script, or null.</param>
/// <param name="Env">Environment from the spec (OnePool's own variables are added by the agent).</param>
/// <param name="Workdir">Working directory, or null for a fresh one.</param>
/// <param name="AcceleratorIndices">Devices given to this replica.</param>
/// <param name="CpuMillis">CPU given.</param>
/// <param name="MemoryMiB">Memory given.</param>
/// <param name="MaxRuntimeSeconds">Wall-clock limit, or null.</param>
/// <param name="StopGraceSeconds">Seconds between SIGTERM and SIGKILL when stopped.</param>
public sealed record ReplicaAssignment(
    long AttemptId, long JobId, string JobName, int ReplicaIndex, int NumReplicas,
    IReadOnlyList<string> Command, string? Script, IReadOnlyDictionary<string, string> Env, string? Workdir,
    IReadOnlyList<int> AcceleratorIndices, int CpuMillis, long MemoryMiB, int? MaxRuntimeSeconds, int StopGraceSeconds)
{
    /// <summary>The checkpoint to resume from (a name under the job's checkpoint directory), set for a resumable job
    /// whose newest checkpoint is in this node's storage domain. The agent passes it as <c>ONEPOOL_RESUME_FROM</c>.</summary>
    public string? ResumeFrom { get; init; }

    /// <summary>The host of each replica of this attempt, by replica index: the name of its node within its site
    /// (an agent names its node after the machine's short host name unless its config says otherwise), so a gang's
    /// replicas can find each other (a rendezvous on replica 0). Empty for a single replica. The agent passes it as
    /// <c>ONEPOOL_REPLICA_HOSTS</c>.</summary>
    public IReadOnlyList<string> ReplicaHosts { get; init; } = [];
}

/// <summary>How much of a replica's output the broker holds.</summary>
/// <param name="AttemptId">Attempt.</param>
/// <param name="ReplicaIndex">Replica.</param>
/// <param name="NextOffset">Bytes stored; resend from here.</param>
public sealed record LogAck(long AttemptId, int ReplicaIndex, long NextOffset);
