using Microsoft.Extensions.Logging;
using OnePool.Agent.Execution;
using OnePool.Agent.Leasing;
using OnePool.Contracts.Agents;

namespace OnePool.Agent.Slurm;

/// <summary>One Slurm node in the pool: its own lease loop (the broker's protocol is per node), fed with the
/// node's latest Slurm state on every lease.</summary>
internal sealed class SlurmNodeSession : IDisposable
{
    private AgentNode _current;

    public SlurmNodeSession(AgentNode node, SlurmAttempts attempts, ExecutorContext context, LeaseClient client, string instance,
        TimeSpan selfFenceAfter, TimeProvider time, ILogger logger)
    {
        _current = node;
        Changes = new LocalChanges(time);
        Executor = new SlurmNodeExecutor(node.Name, attempts, context, Changes.Signal);
        Ledger = new LeaseLedger();
        Fence = new SelfFence(Executor, selfFenceAfter, time, logger);
        Loop = new LeaseLoop(client, Executor, Ledger, Changes, node, instance, time, logger, Fence, currentNode: () => Current);
    }

    public AgentNode Current
    {
        get => Volatile.Read(ref _current);
        set
        {
            var before = Volatile.Read(ref _current);
            Volatile.Write(ref _current, value);
            if (before.Draining != value.Draining || before.Accelerators.Count != value.Accelerators.Count
                || !SameQueue(before.SiteQueue, value.SiteQueue))
            {
                Changes.Signal();
            }
        }
    }

    public LocalChanges Changes { get; }

    private static bool SameQueue(IReadOnlyDictionary<string, int>? a, IReadOnlyDictionary<string, int>? b) =>
        (a?.Count ?? 0) == (b?.Count ?? 0) && (a ?? new Dictionary<string, int>()).All(e => b!.TryGetValue(e.Key, out var v) && v == e.Value);

    public SlurmNodeExecutor Executor { get; }

    public LeaseLedger Ledger { get; }

    public SelfFence Fence { get; }

    public LeaseLoop Loop { get; }

    public Task RunAsync(CancellationToken cancellationToken) => Task.WhenAll(Loop.RunAsync(cancellationToken), Fence.WatchAsync(cancellationToken));

    public void Dispose() => Changes.Dispose();
}
