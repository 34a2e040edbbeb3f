using OnePool.Scheduler.Snapshot;

namespace OnePool.Bench.Synthetic;

/// <summary>A generated federation: its nodes (nothing allocated) and its sites.</summary>
/// <param name="Nodes">Every node, in site order.</param>
/// <param name="Sites">Every site, with prices, datasets and state.</param>
internal sealed record SyntheticPool(IReadOnlyList<NodeSnapshot> Nodes, IReadOnlyList<SiteSnapshot> Sites)
{
    /// <summary>Healthy devices on schedulable nodes, by model.</summary>
    public IReadOnlyDictionary<string, int> DevicesByModel { get; } = Nodes
        .Where(n => n.Schedulable)
        .SelectMany(n => n.Devices)
        .Where(d => d.Healthy)
        .GroupBy(d => d.Model, StringComparer.OrdinalIgnoreCase)
        .ToDictionary(g => g.Key, g => g.Count(), StringComparer.OrdinalIgnoreCase);

    /// <summary>CPU cores on schedulable nodes.</summary>
    public long CpuCores => Nodes.Where(n => n.Schedulable).Sum(n => (long)n.CpuMillis) / 1000;

    /// <summary>Memory on schedulable nodes, in GiB.</summary>
    public long MemoryGiB => Nodes.Where(n => n.Schedulable).Sum(n => n.MemoryMiB) / 1024;
}
