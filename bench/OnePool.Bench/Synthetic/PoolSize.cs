namespace OnePool.Bench.Synthetic;

/// <summary>How big a synthetic federation is.</summary>
/// <param name="Sites">Number of sites.</param>
/// <param name="Nodes">Nodes across all sites.</param>
/// <param name="Jobs">Pending jobs in the queue.</param>
internal sealed record PoolSize(int Sites, int Nodes, int Jobs)
{
    /// <summary>The size whose figures are quoted: 50 sites, 10,000 nodes, 100,000 pending jobs.</summary>
    public static PoolSize Full { get; } = new(50, 10_000, 100_000);

    /// <summary>One tenth of <see cref="Full"/>, for a smoke test.</summary>
    public static PoolSize Quick { get; } = new(5, 1_000, 10_000);
}
