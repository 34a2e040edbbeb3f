namespace OnePool.Agent.State;

/// <summary>The contents of <c>agent-state.json</c>: the process groups this agent run is responsible for.</summary>
/// <param name="AgentInstance">The agent run that wrote the file.</param>
/// <param name="Replicas">Replicas with a live process.</param>
internal sealed record AgentState(string AgentInstance, IReadOnlyList<HeldProcess> Replicas);

/// <summary>One replica's process.</summary>
/// <param name="AttemptId">Attempt.</param>
/// <param name="ReplicaIndex">Replica.</param>
/// <param name="Pid">Process id of the job's main process.</param>
/// <param name="Pgid">Its process group (equal to <paramref name="Pid"/>, as the job is started through setsid).</param>
/// <param name="StartTicks">Start time of the process in clock ticks after boot (<c>/proc/PID/stat</c> field 22),
/// which tells the job from a later process that reused its pid.</param>
internal sealed record HeldProcess(long AttemptId, int ReplicaIndex, int Pid, int Pgid, long? StartTicks);
