using System.Globalization;
using OnePool.Scheduler.Snapshot;

namespace OnePool.Bench.Synthetic;

/// <summary>
/// Builds a seeded federation: sites of varying size (a quarter to twice the mean), each with its own mix of
/// accelerator models (one model per node) and CPU-only nodes, prices varied by up to 20% per site, a few datasets,
/// one draining site per 50 and one site per 25 at reliability 0.8. About 1% of nodes are not schedulable and 0.3%
/// of devices are faulty. Node ids are <c>site-XX/node-YYYY</c>.
/// </summary>
internal static class PoolGenerator
{
    private static readonly string[] Regions = ["east", "west", "north", "south"];

    public static SyntheticPool Generate(PoolSize size, int seed)
    {
        var random = new Random(seed);
        var siteSizes = SiteSizes(size, random);
        var draining = Math.Max(1, size.Sites / 50);
        var unreliable = Math.Max(1, size.Sites / 25);
        var special = Enumerable.Range(0, size.Sites).OrderBy(_ => random.Next()).Take(draining + unreliable).ToList();

        var nodes = new List<NodeSnapshot>(size.Nodes);
        var sites = new List<SiteSnapshot>(size.Sites);
        for (var s = 0; s < size.Sites; s++)
        {
            var name = string.Create(CultureInfo.InvariantCulture, $"site-{s:D2}");
            var region = Regions[random.Next(Regions.Length)];
            var infiniband = random.NextDouble() < 0.6;
            var mix = ModelMix(random);
            for (var i = 0; i < siteSizes[s]; i++)
            {
                nodes.Add(Node(name, i, region, infiniband, WeightedChoice.Pick(random, mix), random));
            }

            var index = special.IndexOf(s);
            sites.Add(new SiteSnapshot(name)
            {
                Prices = AcceleratorCatalog.Models.ToDictionary(
                    m => m.Name, m => Math.Round(WeightedChoice.Vary(random, m.Price, 0.2), 2), StringComparer.OrdinalIgnoreCase),
                Datasets = DatasetCatalog.All.Where(_ => random.NextDouble() < 0.3).Select(d => d.Name).ToHashSet(StringComparer.OrdinalIgnoreCase),
                Draining = index >= 0 && index < draining,
                Reliability = index >= draining ? 0.8 : 1,
                IngressMiBPerSecond = random.Next(2) == 0 ? 1000 : 250,
            });
        }

        return new SyntheticPool(nodes, sites);
    }

    private static NodeSnapshot Node(string site, int index, string region, bool infiniband, AcceleratorModel? model, Random random)
    {
        int[] cores = model is null ? [32, 64, 96, 128] : [64, 96, 128];
        int[] memoryGiB = model is null ? [256, 512, 1024] : [512, 1024, 2048];
        var devices = model is null
            ? []
            : Enumerable.Range(0, model.DevicesPerNode).Select(d => new DeviceSnapshot(d, model.Name, random.NextDouble() >= 0.003)).ToList();
        var labels = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["region"] = region,
            ["network"] = infiniband && model is { DevicesPerNode: 8 } ? "infiniband" : "ethernet",
        };
        return new NodeSnapshot(
            string.Create(CultureInfo.InvariantCulture, $"{site}/node-{index:D4}"), site, random.NextDouble() >= 0.01,
            cores[random.Next(cores.Length)] * 1000, memoryGiB[random.Next(memoryGiB.Length)] * 1024L, devices,
            new Dictionary<string, long>(), labels, NodeUsage.None);
    }

    /// <summary>A site's node mix: each model's typical share scaled by 0 to 2, and absent at 30% of sites.</summary>
    private static List<(AcceleratorModel? Item, double Weight)> ModelMix(Random random)
    {
        var mix = new List<(AcceleratorModel? Item, double Weight)> { (null, AcceleratorCatalog.CpuOnlyShare) };
        foreach (var model in AcceleratorCatalog.Models)
        {
            if (random.NextDouble() >= 0.3)
            {
                mix.Add((model, model.NodeShare * random.NextDouble() * 2));
            }
        }

        if (mix.Count == 1)
        {
            mix.Add((AcceleratorCatalog.A100, AcceleratorCatalog.A100.NodeShare));
        }

        return mix;
    }

    /// <summary>Site sizes between a quarter and twice the mean that add up to exactly <see cref="PoolSize.Nodes"/>.</summary>
    private static int[] SiteSizes(PoolSize size, Random random)
    {
        var mean = (double)size.Nodes / size.Sites;
        var min = Math.Max(1, (int)(mean / 4));
        var max = Math.Max(min, (int)(mean * 2));
        var raw = Enumerable.Range(0, size.Sites).Select(_ => min + (random.NextDouble() * (max - min))).ToArray();
        var scale = size.Nodes / raw.Sum();
        var sizes = raw.Select(r => Math.Clamp((int)Math.Round(r * scale), min, max)).ToArray();
        var left = size.Nodes - sizes.Sum();
        while (left != 0)
        {
            var s = random.Next(sizes.Length);
            var step = Math.Sign(left);
            if (sizes[s] + step >= min && sizes[s] + step <= max)
            {
                sizes[s] += step;
                left -= step;
            }
        }

        return sizes;
    }
}
