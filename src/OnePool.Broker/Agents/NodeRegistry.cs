using System.Collections.Concurrent;
using OnePool.Contracts.Agents;

namespace OnePool.Broker.Agents;

/// <summary>
/// Live nodes, in memory: the last inventory and lease time of every agent seen since this broker started.
/// Liveness is memory-only by design (DESIGN.md, principle 2); only inventory changes reach the store.
/// </summary>
internal sealed class NodeRegistry(TimeProvider time)
{
    private readonly ConcurrentDictionary<string, LiveNode> _nodes = new(StringComparer.Ordinal);

    /// <summary>When this broker started; nodes not seen since count from here.</summary>
    public DateTimeOffset StartedAt { get; } = time.GetUtcNow();

    /// <summary>Records a lease. Returns true when the inventory differs from the last one seen.</summary>
    public bool Touch(string nodeId, string site, AgentNode node, string instance)
    {
        var now = time.GetUtcNow();
        var changed = true;
        _nodes.AddOrUpdate(nodeId,
            _ => new LiveNode(nodeId, site, node, instance, now),
            (_, old) =>
            {
                changed = !SameInventory(old.Inventory, node);
                return old with { Inventory = node, Instance = instance, LastSeen = now };
            });
        return changed;
    }

    /// <summary>Marks the end of a lease call: the agent was connected until now, so that is when it was last seen
    /// (a long poll can hold a call open for many seconds).</summary>
    public void Release(string nodeId)
    {
        var now = time.GetUtcNow();
        if (_nodes.TryGetValue(nodeId, out var node))
        {
            _nodes.TryUpdate(nodeId, node with { LastSeen = now }, node);
        }
    }

    public bool TryGet(string nodeId, out LiveNode node) => _nodes.TryGetValue(nodeId, out node!);

    public IReadOnlyList<LiveNode> All() => _nodes.Values.OrderBy(n => n.Id, StringComparer.Ordinal).ToList();

    /// <summary>Forgets a node declared lost, so that it counts as new when it comes back.</summary>
    public void Forget(string nodeId) => _nodes.TryRemove(nodeId, out _);

    private static bool SameInventory(AgentNode a, AgentNode b) =>
        a.Name == b.Name && a.Executor == b.Executor && a.CpuMillis == b.CpuMillis && a.MemoryMiB == b.MemoryMiB
        && a.Accelerators.SequenceEqual(b.Accelerators)
        && a.Extended.Count == b.Extended.Count && a.Extended.All(e => b.Extended.TryGetValue(e.Key, out var v) && v == e.Value)
        && a.Labels.Count == b.Labels.Count && a.Labels.All(l => b.Labels.TryGetValue(l.Key, out var v) && v == l.Value);
}

/// <summary>A node that has leased since the broker started.</summary>
/// <param name="Id">site/name.</param>
/// <param name="Site">Site.</param>
/// <param name="Inventory">Last inventory.</param>
/// <param name="Instance">Agent process id of the last lease.</param>
/// <param name="LastSeen">Last lease.</param>
internal sealed record LiveNode(string Id, string Site, AgentNode Inventory, string Instance, DateTimeOffset LastSeen);
