using OnePool.Agent.Inventory;
using OnePool.Contracts.Agents;

namespace OnePool.Agent.Slurm;

/// <summary>Slurm nodes as OnePool nodes: CPUs, memory, typed GPU GRES mapped to pool models, partitions as the
/// label <c>slurm.partition</c>, and any state in which Slurm starts nothing new there as <c>Draining</c>.</summary>
internal static class SlurmInventory
{
    /// <summary>The executor name reported for Slurm nodes.</summary>
    public const string Executor = "slurm";

    /// <summary>The label carrying the node's first partition.</summary>
    public const string PartitionLabel = "slurm.partition";

    // Base states and flags in which Slurm will not start new work on a node.
    private static readonly string[] Closed = ["down", "drain", "drained", "draining", "fail", "failing", "future", "unknown", "maint", "reboot_requested", "reboot_issued", "not_responding", "power_down", "powered_down", "powering_down", "invalid"];

    /// <summary>The nodes of the configured partitions (all when none are configured).</summary>
    public static IReadOnlyList<(SlurmNodeInfo Slurm, AgentNode Node)> Map(IReadOnlyList<SlurmNodeInfo> nodes, SlurmSettings settings)
    {
        ArgumentNullException.ThrowIfNull(nodes);
        ArgumentNullException.ThrowIfNull(settings);
        var result = new List<(SlurmNodeInfo, AgentNode)>();
        foreach (var node in nodes)
        {
            var partitions = node.Partitions ?? [];
            if (settings.Partitions.Count > 0 && !partitions.Any(p => settings.Partitions.Contains(p, StringComparer.Ordinal)))
            {
                continue;
            }

            var partition = settings.Partitions.FirstOrDefault(p => partitions.Contains(p, StringComparer.Ordinal)) ?? (partitions.Count > 0 ? partitions[0] : null);
            var labels = new Dictionary<string, string>(StringComparer.Ordinal);
            if (partition is not null)
            {
                labels[PartitionLabel] = partition;
            }

            result.Add((node, new AgentNode(node.Name, Executor, Math.Max(0, node.Cpus) * 1000, Math.Max(0, node.RealMemory),
                Devices(node.Gres, settings), new Dictionary<string, long>(), labels)
            {
                Draining = IsClosed(node),
                QueueSlots = settings.QueueDepth,
            }));
        }

        return result;
    }

    /// <summary>True when Slurm starts nothing new on the node.</summary>
    public static bool IsClosed(SlurmNodeInfo node)
    {
        ArgumentNullException.ThrowIfNull(node);
        return Closed.Contains(node.State?.ToLowerInvariant() ?? "unknown")
            || (node.StateFlags ?? []).Any(f => Closed.Contains(f.ToLowerInvariant()));
    }

    /// <summary>GPUs from a GRES string such as <c>gpu:a100:4(S:0-1),gpu:v100:2</c> or <c>gpu:4</c>, numbered
    /// 0..N-1 in order.</summary>
    public static IReadOnlyList<AcceleratorDevice> Devices(string? gres, SlurmSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var devices = new List<AcceleratorDevice>();
        foreach (var (type, count) in SlurmGres.Gpus(gres))
        {
            var model = ToPoolModel(type ?? "gpu", settings);
            for (var i = 0; i < count; i++)
            {
                devices.Add(new AcceleratorDevice(devices.Count, model, 0, Healthy: true));
            }
        }

        return devices;
    }

    /// <summary>The pool model of a Slurm GRES type: the site's mapping, else the built-in NVIDIA names.</summary>
    public static string ToPoolModel(string slurmType, SlurmSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return settings.GpuTypes.TryGetValue(slurmType, out var model) ? model : GpuModelNames.ToPoolModel(slurmType.ToUpperInvariant());
    }

    /// <summary>The GRES type to ask Slurm for, for a pool model on this node (the inverse of <see cref="ToPoolModel"/>).</summary>
    public static string? ToSlurmType(string poolModel, string? gres, SlurmSettings settings)
    {
        foreach (var (type, _) in SlurmGres.Gpus(gres))
        {
            if (type is not null && string.Equals(ToPoolModel(type, settings), poolModel, StringComparison.OrdinalIgnoreCase))
            {
                return type;
            }
        }

        return null;
    }
}
