namespace OnePool.Agent.Execution;

/// <summary>The replica states of the lease protocol (<see cref="Contracts.Agents.ReplicaReport.State"/>).</summary>
internal static class ReplicaStates
{
    public const string Running = "running";
    public const string Succeeded = "succeeded";
    public const string Failed = "failed";
    public const string Stopped = "stopped";

    /// <summary>Ended by an infrastructure failure the agent saw (a Slurm node failure); not the job's fault.</summary>
    public const string Lost = "lost";
}

/// <summary>How a replica ended. <paramref name="ExitCode"/> is 128+N for signal N.</summary>
internal sealed record ReplicaOutcome(string State, int ExitCode, DateTimeOffset FinishedAt, string? Message);
