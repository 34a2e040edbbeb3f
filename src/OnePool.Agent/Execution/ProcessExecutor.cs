using OnePool.Contracts.Agents;

namespace OnePool.Agent.Execution;

/// <summary>
/// The <c>process</c> executor: runs replicas as local OS processes and holds them until told to forget them.
/// Never starts the same <see cref="ReplicaKey"/> twice in one agent process.
/// </summary>
internal sealed class ProcessExecutor(ExecutorContext context) : IExecutor, IDisposable
{
    /// <summary>Upper bound on the stop grace during agent shutdown.</summary>
    public static readonly TimeSpan MaxShutdownGrace = TimeSpan.FromSeconds(5);

    private readonly Lock _lock = new();
    private readonly Dictionary<ReplicaKey, ReplicaProcess> _held = [];
    private readonly HashSet<ReplicaKey> _everStarted = [];

    /// <summary>Called after a replica was started or forgotten (the state file is rewritten from it).</summary>
    public event Action? HeldChanged;

    public ExecutorContext Context => context;

    /// <summary>Every replica held now, running or ended.</summary>
    public IReadOnlyList<ReplicaProcess> Held
    {
        get { lock (_lock) { return [.. _held.Values]; } }
    }

    IReadOnlyList<IReplica> IExecutor.Held => Held;

    IReplica? IExecutor.Start(ReplicaAssignment assignment) => Start(assignment);

    /// <summary>True when this agent process has already started <paramref name="key"/> (even if it was forgotten).</summary>
    public bool HasStarted(ReplicaKey key)
    {
        lock (_lock)
        {
            return _everStarted.Contains(key);
        }
    }

    /// <summary>Starts <paramref name="assignment"/> unless its key was started before; null in that case.</summary>
    public ReplicaProcess? Start(ReplicaAssignment assignment)
    {
        ArgumentNullException.ThrowIfNull(assignment);
        var key = new ReplicaKey(assignment.AttemptId, assignment.ReplicaIndex);
        lock (_lock)
        {
            if (!_everStarted.Add(key))
            {
                return null;
            }
        }

        var replica = ReplicaProcess.Start(assignment, context);
        lock (_lock)
        {
            _held[key] = replica;
        }

        HeldChanged?.Invoke();
        return replica;
    }

    /// <summary>Drops an ended replica that the broker has recorded.</summary>
    public void Forget(ReplicaKey key)
    {
        ReplicaProcess? replica;
        lock (_lock)
        {
            if (!_held.Remove(key, out replica))
            {
                return;
            }
        }

        replica.Dispose();
        HeldChanged?.Invoke();
    }

    /// <summary>Stops every running replica as <c>stopped</c>, each with min(its grace, <paramref name="maxGrace"/>).</summary>
    public Task StopAllAsync(TimeSpan maxGrace, CancellationToken cancellationToken, string reason = "stopped because the agent shut down") =>
        Task.WhenAll(Held.Where(r => r.Outcome is null).Select(r => r.StopAsync(ReplicaStates.Stopped, null,
            reason,
            TimeSpan.FromSeconds(Math.Min(r.Assignment.StopGraceSeconds, maxGrace.TotalSeconds)), cancellationToken)));

    public void Dispose()
    {
        foreach (var replica in Held)
        {
            replica.Dispose();
        }
    }
}
