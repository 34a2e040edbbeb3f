using OnePool.Core.Specs;

namespace OnePool.Bench.Synthetic;

/// <summary>The lists of acceptable models jobs give, best first, and the workload each usually carries.</summary>
internal static class AcceleratorFamilies
{
    private static readonly string H100 = AcceleratorCatalog.H100.Name;
    private static readonly string A100 = AcceleratorCatalog.A100.Name;
    private static readonly string A800 = AcceleratorCatalog.A800.Name;
    private static readonly string V100 = AcceleratorCatalog.V100.Name;
    private static readonly string T4 = AcceleratorCatalog.T4.Name;

    private static readonly (Family Item, double Weight)[] Small =
    [
        (new([A100, A800, H100], WorkloadClass.FineTuning), 3),
        (new([H100], WorkloadClass.Training), 1),
        (new([T4, V100], WorkloadClass.Inference), 2),
        (new([V100, T4], WorkloadClass.Batch), 1),
        (new([A100], WorkloadClass.FineTuning), 1),
    ];

    private static readonly (Family Item, double Weight)[] WholeNode =
    [
        (new([H100, A100, A800], WorkloadClass.Training), 3),
        (new([H100], WorkloadClass.Training), 1),
        (new([A100, A800], WorkloadClass.FineTuning), 2),
        (new([V100], WorkloadClass.Batch), 1),
    ];

    /// <summary>A model list for replicas of <paramref name="perReplica"/> devices (T4 only up to 4, its node size).</summary>
    public static (IReadOnlyList<string> Models, WorkloadClass Workload) Pick(int perReplica, SyntheticTenant tenant, Random random)
    {
        if (random.NextDouble() < tenant.AscendShare)
        {
            return ([AcceleratorCatalog.Ascend.Name], WorkloadClass.Training);
        }

        var family = WeightedChoice.Pick(random, perReplica <= AcceleratorCatalog.T4.DevicesPerNode ? Small : WholeNode);
        return (family.Models, family.Workload);
    }

    private sealed record Family(IReadOnlyList<string> Models, WorkloadClass Workload);
}
