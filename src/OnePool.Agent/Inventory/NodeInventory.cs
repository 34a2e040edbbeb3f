using System.Globalization;
using OnePool.Agent.Config;
using OnePool.Contracts.Agents;
using OnePool.Core.Resources;

namespace OnePool.Agent.Inventory;

/// <summary>Builds the <see cref="AgentNode"/> the agent reports from its config, filling in what the config leaves out
/// from the machine: hostname, processor count, <c>/proc/meminfo</c> and <c>nvidia-smi</c>.</summary>
internal static class NodeInventory
{
    /// <summary>The executor name of the process executor.</summary>
    public const string ProcessExecutor = "process";

    /// <summary>Resolves the node; <paramref name="detectAccelerators"/> runs only when the config declares none.</summary>
    public static async Task<AgentNode> ResolveAsync(NodeConfig config,
        Func<CancellationToken, Task<IReadOnlyList<AcceleratorDevice>>> detectAccelerators, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(detectAccelerators);
        var accelerators = config.Accelerators is { } declared
            ? Declared(declared)
            : await detectAccelerators(cancellationToken);
        var memory = config.MemoryMiB ?? await MemInfo.ReadTotalMiBAsync(cancellationToken);
        return new AgentNode(
            config.Node ?? DefaultNodeName(),
            ProcessExecutor,
            config.CpuMillis ?? Environment.ProcessorCount * 1000,
            memory,
            accelerators,
            config.Extended,
            config.Labels)
        {
            StorageDomain = config.StorageDomain,
        };
    }

    /// <summary>Declared accelerators, numbered 0..N-1 in the order of the config.</summary>
    public static IReadOnlyList<AcceleratorDevice> Declared(IReadOnlyList<DeclaredAccelerator> declared)
    {
        ArgumentNullException.ThrowIfNull(declared);
        var devices = new List<AcceleratorDevice>();
        foreach (var group in declared)
        {
            for (var i = 0; i < group.Count; i++)
            {
                devices.Add(new AcceleratorDevice(devices.Count, group.Model, group.MemoryMiB, Healthy: true));
            }
        }

        return devices;
    }

    /// <summary>For people: <c>16 cpu, 128Gi, 8 x A100-80G</c>.</summary>
    public static string Describe(AgentNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        var parts = new List<string>
        {
            Quantity.FormatCpu(node.CpuMillis) + " cpu",
            Quantity.FormatMemory(node.MemoryMiB),
        };
        parts.AddRange(node.Accelerators.GroupBy(a => a.Model)
            .Select(g => string.Create(CultureInfo.InvariantCulture, $"{g.Count()} x {g.Key}")));
        parts.AddRange(node.Extended.Select(e => string.Create(CultureInfo.InvariantCulture, $"{e.Value} {e.Key}")));
        return string.Join(", ", parts);
    }

    private static string DefaultNodeName()
    {
        var host = Environment.MachineName.Split('.')[0];
        return ModelName.IsValid(host) ? host : "node";
    }
}
