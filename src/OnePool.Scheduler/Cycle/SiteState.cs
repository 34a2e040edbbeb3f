using OnePool.Scheduler.Snapshot;

namespace OnePool.Scheduler.Cycle;

/// <summary>One site during a cycle: its nodes per model in free-count buckets, its CPU-only nodes, its static
/// capacity (for "fits nowhere" answers) and the running work on it (for backfill and preemption).</summary>
internal sealed class SiteState(int index, SiteSnapshot info)
{
    public int Index { get; } = index;

    public string Name => Info.Name;

    public SiteSnapshot Info { get; } = info;

    public List<int> Nodes { get; } = [];

    /// <summary>Schedulable nodes without devices, for CPU-only jobs.</summary>
    public List<int> CpuOnlyNodes { get; } = [];

    /// <summary>Free-count buckets per model id, over schedulable nodes.</summary>
    public Dictionary<int, FreeBuckets> ByModel { get; } = [];

    /// <summary>Static: per model, the most devices one schedulable node has and how many such devices the site has.</summary>
    public Dictionary<int, (int PerNode, int Total, int Nodes)> Capacity { get; } = [];

    /// <summary>Static: the largest CPU and memory of one schedulable node.</summary>
    public (int Cpu, long Memory) LargestNode { get; set; }

    /// <summary>Static: how many of its nodes may take work this cycle.</summary>
    public int SchedulableNodes { get; set; }

    /// <summary>Storage domains of the site's schedulable nodes.</summary>
    public HashSet<string> StorageDomains { get; } = new(StringComparer.Ordinal);

    /// <summary>Running attempts here, in snapshot order.</summary>
    public List<RunningJob> Running { get; } = [];

    public bool Draining => Info.Draining;

    public double PriceOf(string model, bool preemptible)
    {
        var price = Info.Prices.TryGetValue(model, out var p) ? p : 0;
        return preemptible ? price * Info.PreemptibleDiscount : price;
    }
}
