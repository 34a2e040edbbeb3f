using OnePool.Core.Resources;
using OnePool.Simulator.Traces;
using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace OnePool.Simulator.Pools;

/// <summary>
/// Reads <c>--pool pool.yaml</c>. Example (see docs/simulator.md):
/// <code>
/// sites:
///   - name: east
///     storage_domain: east-fs        # optional; default: the site name
///     prices: { V100: 2.5, K80: 0.9 } # per accelerator-hour
///     nodes:
///       - { model: V100, gpus: 8, count: 16 }          # cpu (cores) 64 and memory_gib 512 by default
///       - { model: K80, gpus: 4, count: 8, cpu: 32, memory_gib: 256 }
/// </code>
/// </summary>
internal static class PoolYamlReader
{
    public static PoolSpec Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new TraceFormatException($"{path}: no such file");
        }

        PoolFile? file;
        try
        {
            file = new DeserializerBuilder().WithNamingConvention(UnderscoredNamingConvention.Instance).Build()
                .Deserialize<PoolFile>(File.ReadAllText(path));
        }
        catch (YamlException e)
        {
            throw new TraceFormatException($"{path}:{e.Start.Line}: {e.InnerException?.Message ?? e.Message}", e);
        }

        if (file?.Sites is not { Count: > 0 } sites)
        {
            throw new TraceFormatException($"{path}: no sites; expected 'sites:' with at least one site");
        }

        var result = new List<SiteSpec>();
        foreach (var (site, s) in sites.Select((s, i) => (s, i)))
        {
            var where = $"{path}: sites[{s}]";
            if (!ModelName.IsValid(site.Name))
            {
                throw new TraceFormatException($"{where}.name '{site.Name}' is not a valid site name");
            }

            if (result.Any(r => string.Equals(r.Name, site.Name, StringComparison.OrdinalIgnoreCase)))
            {
                throw new TraceFormatException($"{where}.name '{site.Name}' appears twice");
            }

            var nodes = new List<NodeSpec>();
            foreach (var (group, g) in (site.Nodes ?? []).Select((n, i) => (n, i)))
            {
                nodes.AddRange(Nodes(site, group, $"{where}.nodes[{g}]", nodes.Count));
            }

            if (nodes.Count == 0)
            {
                throw new TraceFormatException($"{where} has no nodes");
            }

            var prices = new Dictionary<string, double>(site.Prices ?? [], StringComparer.OrdinalIgnoreCase);
            if (prices.Any(p => p.Value < 0 || !double.IsFinite(p.Value)))
            {
                throw new TraceFormatException($"{where}.prices must be finite and not negative");
            }

            result.Add(new SiteSpec(site.Name!, nodes, prices));
        }

        return new PoolSpec(result);
    }

    private static IEnumerable<NodeSpec> Nodes(SiteEntry site, NodeEntry group, string where, int first)
    {
        if (!ModelName.IsValid(group.Model))
        {
            throw new TraceFormatException($"{where}.model '{group.Model}' is not a valid accelerator model");
        }

        if (group.Gpus is < 0 or > AcceleratorRequest.MaxCount || group.Count is < 1 or > 100_000)
        {
            throw new TraceFormatException($"{where}: gpus must be 0..{AcceleratorRequest.MaxCount} and count 1..100000");
        }

        if (group.Cpu <= 0 || group.MemoryGib <= 0)
        {
            throw new TraceFormatException($"{where}: cpu and memory_gib must be positive");
        }

        var domain = group.StorageDomain ?? site.StorageDomain ?? site.Name;
        for (var i = 0; i < group.Count; i++)
        {
            yield return new NodeSpec(site.Name!, $"{group.Model}-{first + i:D4}", group.Model!, group.Gpus,
                group.Cpu * 1000, group.MemoryGib * 1024L, domain);
        }
    }

    private sealed class PoolFile
    {
        public List<SiteEntry>? Sites { get; set; }
    }

    private sealed class SiteEntry
    {
        public string? Name { get; set; }

        public string? StorageDomain { get; set; }

        public Dictionary<string, double>? Prices { get; set; }

        public List<NodeEntry>? Nodes { get; set; }
    }

    private sealed class NodeEntry
    {
        public string? Model { get; set; }

        public int Gpus { get; set; } = 8;

        public int Count { get; set; } = 1;

        public int Cpu { get; set; } = 64;

        public int MemoryGib { get; set; } = 512;

        public string? StorageDomain { get; set; }
    }
}
