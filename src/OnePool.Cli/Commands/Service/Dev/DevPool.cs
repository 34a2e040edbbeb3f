namespace OnePool.Cli.Commands.Service.Dev;

/// <summary>The demo pool <c>onepool dev</c> builds: two sites of process-executor agents, one agent per node.</summary>
internal static class DevPool
{
    /// <summary>The demo's nodes. Their accelerators are declared (this machine may have no GPU); an agent on a
    /// real GPU server leaves <c>accelerators</c> out of its config and detects them with nvidia-smi.</summary>
    public static IReadOnlyList<DevNode> Nodes { get; } =
    [
        new("gpu-centre", "gpu-centre-1", Cpu: 16, Memory: "128Gi", Model: "A100-80G", Devices: 8, DeviceMemory: "80Gi"),
        new("gpu-centre", "gpu-centre-2", Cpu: 16, Memory: "128Gi", Model: "A100-80G", Devices: 8, DeviceMemory: "80Gi"),
        new("edge", "edge-1", Cpu: 4, Memory: "16Gi", Model: "T4", Devices: 2, DeviceMemory: "16Gi"),
    ];

    /// <summary>The demo's sites, in order.</summary>
    public static IReadOnlyList<string> Sites { get; } = Nodes.Select(n => n.Site).Distinct().ToList();
}

/// <summary>One demo node.</summary>
/// <param name="Site">Site it joins.</param>
/// <param name="Name">Node name.</param>
/// <param name="Cpu">Cores.</param>
/// <param name="Memory">Memory.</param>
/// <param name="Model">Accelerator model.</param>
/// <param name="Devices">Number of devices.</param>
/// <param name="DeviceMemory">Memory per device.</param>
internal sealed record DevNode(string Site, string Name, int Cpu, string Memory, string Model, int Devices, string DeviceMemory)
{
    /// <summary>The node config YAML the agent reads; nodes of a site share one checkpoint root (their "file system").</summary>
    public string ConfigYaml(string checkpointRoot) => $"""
        # Written by `onepool dev`. The accelerators are declared because the demo machine may have none;
        # on a GPU server, leave `accelerators` out and the agent detects them with nvidia-smi.
        node: {Name}
        cpu: {Cpu}
        memory: {Memory}
        accelerators:
          - model: {Model}
            count: {Devices}
            memory: {DeviceMemory}
        labels:
          demo: "true"
        checkpointRoot: {checkpointRoot}
        storageDomain: {Site}-storage

        """;
}
