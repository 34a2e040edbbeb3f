namespace OnePool.Bench.Synthetic;

/// <summary>An accelerator model of the synthetic pool.</summary>
/// <param name="Name">Model name as jobs ask for it.</param>
/// <param name="DevicesPerNode">Devices on a node of this model.</param>
/// <param name="Price">Typical price per accelerator-hour (each site varies it by up to 20%).</param>
/// <param name="NodeShare">Typical share of a site's nodes.</param>
internal sealed record AcceleratorModel(string Name, int DevicesPerNode, double Price, double NodeShare);

/// <summary>The models of the synthetic pool and the fixed clock of the synthetic data.</summary>
internal static class AcceleratorCatalog
{
    /// <summary>Share of a site's nodes that have no accelerator.</summary>
    public const double CpuOnlyShare = 0.15;

    public static AcceleratorModel H100 { get; } = new("H100", 8, 4.0, 0.15);

    public static AcceleratorModel A100 { get; } = new("A100-80G", 8, 2.5, 0.22);

    public static AcceleratorModel A800 { get; } = new("A800", 8, 2.2, 0.10);

    public static AcceleratorModel V100 { get; } = new("V100", 8, 1.0, 0.15);

    public static AcceleratorModel T4 { get; } = new("T4", 4, 0.4, 0.13);

    public static AcceleratorModel Ascend { get; } = new("Ascend-910B", 8, 1.8, 0.10);

    public static IReadOnlyList<AcceleratorModel> Models { get; } = [H100, A100, A800, V100, T4, Ascend];

    /// <summary>The time of the first cycle; every synthetic timestamp is relative to it, so runs repeat exactly.</summary>
    public static DateTimeOffset Epoch { get; } = new(2025, 6, 2, 12, 0, 0, TimeSpan.Zero);
}
