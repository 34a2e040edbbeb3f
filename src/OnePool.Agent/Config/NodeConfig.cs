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

    /// <summary>Name of the storage the checkpoint root is on. Default: the node's own name (nothing shared).</summary>
    public string? StorageDomain { get; init; }

    /// <summary>A config with nothing declared.</summary>
    public static NodeConfig Empty { get; } = new(null, null, null, null,
        new Dictionary<string, long>(), new Dictionary<string, string>());
}

/// <summary>One <c>accelerators:</c> entry: <paramref name="Count"/> devices of one model.</summary>
internal sealed record DeclaredAccelerator(string Model, int Count, long MemoryMiB);
