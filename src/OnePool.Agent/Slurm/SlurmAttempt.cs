using OnePool.Agent.Execution;
using OnePool.Contracts.Agents;

namespace OnePool.Agent.Slurm;

/// <summary>One attempt at a Slurm site: its replicas (gathered from the node sessions OnePool assigned them to),
/// its Slurm job once submitted, and how it ended. Guarded by <see cref="SlurmAttempts"/>' lock.</summary>
internal sealed class SlurmAttempt(long attemptId, int replicas)
{
    public long AttemptId { get; } = attemptId;

    public ReplicaAssignment?[] Assignments { get; } = new ReplicaAssignment?[replicas];

    public string?[] Nodes { get; } = new string?[replicas];

    /// <summary>Wakes the lease loop of the node each replica is reported through.</summary>
    public Action?[] Changed { get; } = new Action?[replicas];

    public bool[] Forgotten { get; } = new bool[replicas];

    public long? SlurmJobId { get; set; }

    /// <summary>True once the job was in a job list read after its submission (before that, its absence from a
    /// list says nothing: the list may have been read before the job existed).</summary>
    public bool Seen { get; set; }

    public DateTimeOffset? StartedAt { get; set; }

    public ReplicaOutcome? Outcome { get; set; }

    /// <summary>How OnePool asked it to stop, when it did; when to send SIGKILL if Slurm's cancel has not ended it.</summary>
    public (string State, int? ExitCode, string? Message)? Stop { get; set; }

    public DateTimeOffset? CancelAt { get; set; }

    /// <summary>True once Slurm was asked to cancel the job (SIGTERM, SIGKILL after its KillWait).</summary>
    public bool CancelSent { get; set; }

    /// <summary>True once SIGKILL was sent because the cancelled job outlived <see cref="CancelAt"/>.</summary>
    public bool KillSent { get; set; }

    /// <summary>Bytes of output seen at the last poll (to wake the lease loop when it grows).</summary>
    public long OutputSeen { get; set; }

    public TaskCompletionSource Ended { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public bool Complete => Assignments.All(a => a is not null);

    public void NotifyAll()
    {
        foreach (var changed in Changed)
        {
            changed?.Invoke();
        }
    }
}
