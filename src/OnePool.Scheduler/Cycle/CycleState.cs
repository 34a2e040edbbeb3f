using OnePool.Scheduler.Snapshot;

namespace OnePool.Scheduler.Cycle;

/// <summary>Everything one cycle mutates: nodes' free resources and the sites' indexes over them. Built from the
/// snapshot at the start of the cycle; the snapshot itself is never modified.</summary>
internal sealed class CycleState
{
    public CycleState(SchedulingSnapshot snapshot)
    {
        Snapshot = snapshot;
        var siteIndex = new Dictionary<string, SiteState>(StringComparer.Ordinal);
        foreach (var info in snapshot.Sites)
        {
            siteIndex.TryAdd(info.Name, new SiteState(siteIndex.Count, info));
        }

        // A node's devices are of one model in practice: hash a name only when it differs from the one before.
        string? previous = null;
        foreach (var node in snapshot.Nodes)
        {
            for (var i = 0; i < node.Devices.Count; i++)
            {
                var model = node.Devices[i].Model;
                if (previous is null || !string.Equals(model, previous, StringComparison.OrdinalIgnoreCase))
                {
                    Models.Intern(model);
                    previous = model;
                }
            }
        }

        foreach (var node in snapshot.Nodes)
        {
            if (!siteIndex.TryGetValue(node.Site, out var site))
            {
                site = new SiteState(siteIndex.Count, new SiteSnapshot(node.Site));
                siteIndex[node.Site] = site;
            }

            var state = new NodeState(Nodes.Count, site.Index, node, Models) { Schedulable = node.Schedulable && !site.Draining };
            Nodes.Add(state);
            NodeById[node.Id] = state;
            site.Nodes.Add(state.Index);
        }

        Sites = [.. siteIndex.Values.OrderBy(s => s.Index)];
        SitesByName = siteIndex;
        foreach (var site in Sites)
        {
            Index(site);
        }

        _largestFree = new int[Math.Max(1, Models.Count)];
        _largestFreeSite = new int[_largestFree.Length];
        Array.Fill(_largestFree, -1);

        foreach (var running in snapshot.Running)
        {
            if (siteIndex.TryGetValue(running.Site, out var site))
            {
                site.Running.Add(running);
            }
        }
    }

    public SchedulingSnapshot Snapshot { get; }

    /// <summary>Nodes by id.</summary>
    public Dictionary<string, NodeState> NodeById { get; } = new(StringComparer.Ordinal);

    /// <summary>When the cycle's backfill reservation starts, once one is made.</summary>
    public DateTimeOffset? Reservation { get; set; }

    /// <summary>The most devices of a model free on any schedulable node of a non-draining site (a quick "no").</summary>
    public int GlobalMaxFree(int model) => LargestFreeBlock(model).Free;

    /// <summary>The most devices of a model free on one schedulable node of a non-draining site, and the first site (in
    /// site order) that has such a node (-1 when none is free). Worked out again only after that model's devices moved:
    /// every waiting job's explanation reads it.</summary>
    public (int Free, int Site) LargestFreeBlock(int model)
    {
        if (_largestFree[model] < 0)
        {
            var (max, at) = (0, -1);
            foreach (var site in Sites)
            {
                if (!site.Draining && site.ByModel.TryGetValue(model, out var buckets) && buckets.MaxFree > max)
                {
                    (max, at) = (buckets.MaxFree, site.Index);
                }
            }

            (_largestFree[model], _largestFreeSite[model]) = (max, at);
        }

        return (_largestFree[model], _largestFreeSite[model]);
    }

    // Per model; -1: to be worked out again.
    private int[] _largestFree = [];
    private int[] _largestFreeSite = [];

    public ModelTable Models { get; } = new();

    public List<NodeState> Nodes { get; } = [];

    public List<SiteState> Sites { get; }

    public Dictionary<string, SiteState> SitesByName { get; }

    /// <summary>Call after changing a node's free devices of <paramref name="model"/> from <paramref name="before"/>.</summary>
    public void Moved(NodeState node, int model, int before)
    {
        _largestFree[model] = -1;
        if (node.Schedulable && Sites[node.Site].ByModel.TryGetValue(model, out var buckets))
        {
            buckets.Move(node.Index, Math.Min(before, buckets.MaxPerNode), Math.Min(node.FreeDevices(model), buckets.MaxPerNode));
        }
    }

    private void Index(SiteState site)
    {
        var largest = (Cpu: 0, Memory: 0L);
        var perModel = new Dictionary<int, (int PerNode, int Total, int Nodes)>();
        foreach (var i in site.Nodes)
        {
            var node = Nodes[i];
            if (!node.Schedulable)
            {
                continue;
            }

            site.SchedulableNodes++;
            largest = (Math.Max(largest.Cpu, node.Node.CpuMillis), Math.Max(largest.Memory, node.Node.MemoryMiB));
            if (node.Node.StorageDomain is { } domain)
            {
                site.StorageDomains.Add(domain);
            }

            if (node.Node.Devices.Count == 0)
            {
                site.CpuOnlyNodes.Add(i);
            }

            for (var model = 0; model < node.CapacityOf.Length; model++)
            {
                if (node.HasModel(model))
                {
                    var capacity = node.CapacityOf[model];
                    var c = perModel.GetValueOrDefault(model);
                    perModel[model] = (Math.Max(c.PerNode, capacity), c.Total + capacity, c.Nodes + 1);
                }
            }
        }

        site.LargestNode = largest;
        foreach (var (model, capacity) in perModel)
        {
            site.Capacity[model] = capacity;
            var buckets = new FreeBuckets(capacity.PerNode);
            site.ByModel[model] = buckets;
            foreach (var i in site.Nodes)
            {
                var node = Nodes[i];
                if (node.Schedulable && node.HasModel(model))
                {
                    buckets.Add(i, node.FreeDevices(model));
                }
            }
        }
    }
}
