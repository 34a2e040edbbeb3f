using OnePool.Scheduler.Snapshot;

namespace OnePool.Bench.Synthetic;

/// <summary>A tenant of the synthetic workload.</summary>
/// <param name="Name">Tenant name.</param>
/// <param name="Share">Share of the pool's capacity it holds as nominal quota, and of the jobs it submits.</param>
/// <param name="Cohort">Its cohort.</param>
/// <param name="Weight">Fair-share weight.</param>
/// <param name="DecayedAcceleratorHours">Recent usage.</param>
/// <param name="AscendShare">Share of its accelerator jobs that ask for Ascend-910B only.</param>
internal sealed record SyntheticTenant(string Name, double Share, string Cohort, double Weight, double DecayedAcceleratorHours, double AscendShare);

/// <summary>
/// Five tenants in two cohorts whose nominal quotas per model (and for <c>cpu</c> and <c>memory</c>) together are
/// the pool's capacity, split by each tenant's share; Ascend-910B quota goes mostly to the tenant that uses it.
/// </summary>
internal static class TenantGenerator
{
    public static IReadOnlyList<SyntheticTenant> Tenants { get; } =
    [
        new("vision", 0.30, "prod", 2, 1_200, 0.02),
        new("language", 0.30, "prod", 2, 5_000, 0.02),
        new("speech", 0.15, "prod", 1, 300, 0.05),
        new("research", 0.15, "lab", 1, 0, 0.05),
        new("ascend-lab", 0.10, "lab", 1, 150, 0.80),
    ];

    public static IReadOnlyList<TenantPolicy> Policies(SyntheticPool pool)
    {
        var ascendWeights = Tenants.Select(t => t.Share * t.AscendShare).ToArray();
        var ascendTotal = ascendWeights.Sum();
        return Tenants.Select((tenant, i) =>
        {
            var nominal = new Dictionary<string, double>(StringComparer.OrdinalIgnoreCase)
            {
                ["cpu"] = Math.Round(pool.CpuCores * tenant.Share),
                ["memory"] = Math.Round(pool.MemoryGiB * tenant.Share),
            };
            foreach (var (model, devices) in pool.DevicesByModel)
            {
                var share = model == AcceleratorCatalog.Ascend.Name ? ascendWeights[i] / ascendTotal : tenant.Share;
                nominal[model] = Math.Round(devices * share);
            }

            return new TenantPolicy(tenant.Name)
            {
                Nominal = nominal,
                Cohort = tenant.Cohort,
                Weight = tenant.Weight,
                DecayedAcceleratorHours = tenant.DecayedAcceleratorHours,
            };
        }).ToList();
    }
}
