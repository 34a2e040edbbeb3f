using System.Text.Json;
using Microsoft.Extensions.Options;
using OnePool.Broker.Agents;
using OnePool.Broker.Hosting;
using OnePool.Contracts.Agents;
using OnePool.Contracts.Sites;
using OnePool.Store;
using OnePool.Store.Records;

namespace OnePool.Broker.Sites;

/// <summary>Joins stored inventories, live leases and live allocations into the node views the API shows.</summary>
internal sealed class PoolState(IStateStore store, NodeRegistry registry, TimeProvider time, IOptions<BrokerOptions> options)
{
    public async Task<IReadOnlyList<NodeView>> NodesAsync(CancellationToken cancellationToken)
    {
        var stored = await store.ListNodesAsync(cancellationToken);
        var live = (await store.ListLiveReplicasAsync(null, cancellationToken)).Where(r => r.State is "assigned" or "running").ToLookup(r => r.NodeId);
        var now = time.GetUtcNow();
        return stored.Select(n =>
        {
            var seen = registry.TryGet(n.Id, out var liveNode);
            var inventory = seen ? liveNode.Inventory : JsonSerializer.Deserialize<AgentNode>(n.Inventory, Problems.JsonBody.Options)!;
            var models = inventory.Accelerators.ToDictionary(a => a.Index, a => a.Model);
            var held = live[n.Id].ToList();
            return new NodeView(
                n.Id, n.Site, n.Name,
                seen ? (n.DrainDeadline is not null || inventory.Draining ? "draining" : Liveness(now - liveNode.LastSeen, options.Value)) : "offline",
                inventory.CpuMillis, inventory.MemoryMiB,
                inventory.Accelerators.GroupBy(a => a.Model).ToDictionary(g => g.Key, g => g.Count()),
                (int)held.Sum(r => r.CpuMillis), held.Sum(r => r.MemoryMib),
                held.SelectMany(r => r.DeviceIndices).Where(models.ContainsKey)
                    .GroupBy(i => models[i]).ToDictionary(g => g.Key, g => g.Count()),
                seen ? liveNode.LastSeen : Time.FromMs(n.UpdatedAt),
                inventory.Labels);
        }).ToList();
    }

    /// <summary>ready, suspect (no new work) or lost, from the time since the last lease.</summary>
    public static string Liveness(TimeSpan silence, BrokerOptions options) =>
        silence < options.SuspectTimeout ? "ready" : silence < options.LostTimeout ? "suspect" : "lost";
}
