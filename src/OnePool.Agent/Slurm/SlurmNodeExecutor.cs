using OnePool.Agent.Execution;
using OnePool.Contracts.Agents;

namespace OnePool.Agent.Slurm;

/// <summary>The <c>slurm</c> executor as one node's lease loop sees it: the replicas OnePool assigned to this Slurm
/// node. Starting one hands it to <see cref="SlurmAttempts"/>, which submits the attempt once all its replicas
/// (from every node) are in.</summary>
internal sealed class SlurmNodeExecutor(string nodeName, SlurmAttempts attempts, ExecutorContext context, Action changed) : IExecutor
{
    private readonly Lock _lock = new();
    private readonly Dictionary<ReplicaKey, SlurmReplica> _held = [];
    private readonly HashSet<ReplicaKey> _everStarted = [];

    public string NodeName => nodeName;

    public ExecutorContext Context => context;

    public IReadOnlyList<IReplica> Held
    {
        get { lock (_lock) { return [.. _held.Values]; } }
    }

    public IReplica? Start(ReplicaAssignment assignment)
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

        var replica = attempts.Add(assignment, nodeName, changed);
        Hold(replica);
        return replica;
    }

    /// <summary>Holds a replica found in Slurm when the agent started (it was running before a restart).</summary>
    public void Adopt(SlurmReplica replica)
    {
        ArgumentNullException.ThrowIfNull(replica);
        lock (_lock)
        {
            _everStarted.Add(replica.Key);
        }

        Hold(replica);
    }

    public void Forget(ReplicaKey key)
    {
        lock (_lock)
        {
            if (!_held.Remove(key))
            {
                return;
            }
        }

        attempts.Forget(key);
    }

    public Task StopAllAsync(TimeSpan maxGrace, CancellationToken cancellationToken, string reason = "stopped because the agent shut down") =>
        Task.WhenAll(Held.Where(r => r.Outcome is null).Select(r => r.StopAsync(ReplicaStates.Stopped, null, reason,
            TimeSpan.FromSeconds(Math.Min(r.Assignment.StopGraceSeconds, maxGrace.TotalSeconds)), cancellationToken)));

    private void Hold(SlurmReplica replica)
    {
        lock (_lock)
        {
            _held[replica.Key] = replica;
        }

        changed();
    }
}
