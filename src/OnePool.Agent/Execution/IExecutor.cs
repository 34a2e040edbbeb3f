using OnePool.Contracts.Agents;

namespace OnePool.Agent.Execution;

/// <summary>
/// How one node's replicas are run, as the lease loop sees it: the <c>process</c> executor runs them as local OS
/// processes, the <c>slurm</c> executor as Slurm batch jobs. Never starts the same <see cref="ReplicaKey"/> twice.
/// </summary>
internal interface IExecutor
{
    /// <summary>Where files go and which hooks wake the lease loop.</summary>
    ExecutorContext Context { get; }

    /// <summary>Every replica held now: waiting to start, running, or ended and not yet forgotten.</summary>
    IReadOnlyList<IReplica> Held { get; }

    /// <summary>Starts <paramref name="assignment"/> unless its key was started before; null in that case.</summary>
    IReplica? Start(ReplicaAssignment assignment);

    /// <summary>Drops an ended replica that the broker has recorded.</summary>
    void Forget(ReplicaKey key);

    /// <summary>Stops every running replica as <c>stopped</c>, each with min(its grace, <paramref name="maxGrace"/>).</summary>
    Task StopAllAsync(TimeSpan maxGrace, CancellationToken cancellationToken, string reason = "stopped because the agent shut down");
}

/// <summary>One replica as the lease loop reports it.</summary>
internal interface IReplica
{
    ReplicaKey Key { get; }

    ReplicaAssignment Assignment { get; }

    /// <summary>The output file; protocol offsets are byte offsets in it (it may not exist yet).</summary>
    string LogPath { get; }

    /// <summary>Bytes of output so far.</summary>
    long LogLength { get; }

    /// <summary>When it started running; null while it waits (a Slurm job still pending), when it is not reported.</summary>
    DateTimeOffset? StartedAt { get; }

    /// <summary>Null until it has ended and its output is final.</summary>
    ReplicaOutcome? Outcome { get; }

    /// <summary>True once a stop was requested (it may still be in its grace period).</summary>
    bool StopRequested { get; }

    /// <summary>Stops it after a grace period; reported with <paramref name="state"/> (and <paramref name="exitCode"/>
    /// when given) unless it ended by itself first. A second call joins the first.</summary>
    Task StopAsync(string state, int? exitCode, string? message, TimeSpan grace, CancellationToken cancellationToken);
}
