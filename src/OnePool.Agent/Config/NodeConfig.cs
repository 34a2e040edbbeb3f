namespace OnePool.Agent.Config;

/// <summary>The node as its config file declares it; null means "not declared, use the default or detect".</summary>
internal sealed record NodeConfig(
    string? Node,
    int? CpuMillis,
    long? MemoryMiB,
    IReadOnlyList<DeclaredAccelerator>? Accelerators,
    IReadOnlyDictionary<string, long> Extended,
    IReadOnlyDictionary<string, string> Labels)
{
    /// <summary>Where jobs' checkpoint folders live; nodes that share it should share a storage domain.
    /// Default: <c>DATA/checkpoints</c>, local to the node.</summary>
    public string? CheckpointRoot { get; init; }

    /// <summary>A bash command that prints the indices of failed accelerators, one per line (or <c>all</c>), run every
    /// <see cref="HealthCheckInterval"/>. Default: none; on NVIDIA machines with detected GPUs, a GPU missing from
    /// nvidia-smi's list counts as failed.</summary>
    public string? HealthCheckCommand { get; init; }

    /// <summary>Time between health checks. Default: 10 seconds.</summary>
    public TimeSpan HealthCheckInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Name of the storage the checkpoint root is on. Default: the node's own name (nothing shared).</summary>
    public string? StorageDomain { get; init; }

    /// <summary>A config with nothing declared.</summary>
    public static NodeConfig Empty { get; } = new(null, null, null, null,
        new Dictionary<string, long>(), new Dictionary<string, string>());
}

/// <summary>One <c>accelerators:</c> entry: <paramref name="Count"/> devices of one model.</summary>
internal sealed record DeclaredAccelerator(string Model, int Count, long MemoryMiB);
