namespace OnePool.Simulator.Pools;

/// <summary>The simulated pool: sites with their nodes and prices.</summary>
/// <param name="Sites">At least one site; node names are unique within a site.</param>
internal sealed record PoolSpec(IReadOnlyList<SiteSpec> Sites)
{
    /// <summary>Every node, site by site in file order (the order first-fit policies walk).</summary>
    public IReadOnlyList<NodeSpec> Nodes { get; } = [.. Sites.SelectMany(s => s.Nodes)];

    /// <summary>All accelerators in the pool.</summary>
    public int TotalGpus => Nodes.Sum(n => n.Gpus);

    /// <summary>The accelerator models present, in first-seen order.</summary>
    public IReadOnlyList<string> Models => [.. Nodes.Where(n => n.Gpus > 0).Select(n => n.Model).Distinct(StringComparer.OrdinalIgnoreCase)];

    /// <summary>Most accelerators on one node (decides how a job is cut into replicas).</summary>
    public int MaxGpusPerNode => Nodes.Count == 0 ? 0 : Nodes.Max(n => n.Gpus);

    /// <summary>One-line description, e.g. <c>64 nodes, 512 GPUs (V100:512), 1 site</c>.</summary>
    public string Describe()
    {
        var models = Nodes.Where(n => n.Gpus > 0).GroupBy(n => n.Model, StringComparer.OrdinalIgnoreCase)
            .Select(g => $"{g.Key}:{g.Sum(n => n.Gpus)}");
        return $"{Nodes.Count} nodes, {TotalGpus} GPUs ({string.Join(", ", models)}), {Sites.Count} site(s)";
    }
}

/// <summary>A site.</summary>
/// <param name="Name">Site name.</param>
/// <param name="Nodes">Its nodes.</param>
/// <param name="Prices">Price per accelerator-hour by model; a model without a price costs 0.</param>
internal sealed record SiteSpec(string Name, IReadOnlyList<NodeSpec> Nodes, IReadOnlyDictionary<string, double> Prices);

/// <summary>A node.</summary>
/// <param name="Site">Its site.</param>
/// <param name="Name">Name, unique in the site; the pool id is <c>site/name</c>.</param>
/// <param name="Model">Accelerator model of all its devices.</param>
/// <param name="Gpus">Number of devices (0 to 64).</param>
/// <param name="CpuMillis">CPU capacity.</param>
/// <param name="MemoryMiB">Memory capacity.</param>
/// <param name="StorageDomain">Checkpoint storage domain, or null for the site's.</param>
internal sealed record NodeSpec(string Site, string Name, string Model, int Gpus, int CpuMillis, long MemoryMiB, string? StorageDomain)
{
    public string Id => $"{Site}/{Name}";
}
