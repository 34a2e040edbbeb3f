using OnePool.Core.Resources;
using OnePool.Core.Specs;
using OnePool.Scheduler.Snapshot;

namespace OnePool.Bench.Synthetic;

/// <summary>
/// Seeded pending jobs: tenants by share, priorities 0, 0, 0, 5, 10; 10% CPU-only (a fifth of them small gangs);
/// the rest ask for 1, 2, 4 or 8 devices on one node or for 16, 32 or 64 as gangs of 8-device replicas (about 20%),
/// each with a list of acceptable models (<see cref="AcceleratorFamilies"/>). 10% preemptible, 30% resumable, max
/// runtimes 10 minutes to 48 hours (log-uniform; 5% none), a few site or label constraints and datasets.
/// </summary>
internal static class WorkloadGenerator
{
    private static readonly int[] Priorities = [0, 0, 0, 5, 10];
    private static readonly IReadOnlyDictionary<string, long> NoExtended = new Dictionary<string, long>();
    private static readonly IReadOnlyDictionary<string, string> NoLabels = new Dictionary<string, string>();
    private static readonly IReadOnlyDictionary<string, string> Infiniband = new Dictionary<string, string> { ["network"] = "infiniband" };

    private static readonly (int Devices, double Weight)[] Sizes =
        [(1, 30), (2, 22), (4, 14), (8, 14), (16, 8), (32, 7), (64, 5)];

    /// <summary>Generates <paramref name="count"/> jobs with ids from <paramref name="firstJobId"/>, submitted
    /// uniformly between <paramref name="from"/> and <paramref name="to"/>. Ids follow submission time, as the broker's
    /// store numbers jobs when they are submitted and lists the queue by id.</summary>
    public static List<PendingJob> Generate(
        SyntheticPool pool, int count, long firstJobId, DateTimeOffset from, DateTimeOffset to, Random random)
    {
        var tenants = TenantGenerator.Tenants.Select(t => (t, t.Share)).ToList();
        var window = (to - from).Ticks;
        var drawn = new List<(DateTimeOffset Submitted, string Tenant, int Priority, JobRequirements Requirements)>(count);
        for (var i = 0; i < count; i++)
        {
            var tenant = WeightedChoice.Pick(random, tenants);
            var submitted = from.AddTicks((long)(random.NextDouble() * window));
            var requirements = random.NextDouble() < 0.10 ? CpuJob(random) : AcceleratorJob(tenant, random);
            requirements = Constrain(requirements, pool, random) with
            {
                Preemptible = random.NextDouble() < 0.10,
                Resumable = random.NextDouble() < 0.30,
                MaxRuntime = random.NextDouble() < 0.05 ? null : TimeSpan.FromMinutes(Math.Round(WeightedChoice.LogUniform(random, 10, 48 * 60))),
                Dataset = random.NextDouble() < 0.05 ? DatasetCatalog.All[random.Next(DatasetCatalog.All.Count)] : null,
            };
            drawn.Add((submitted, tenant.Name, Priorities[random.Next(Priorities.Length)], requirements));
        }

        // A stable sort: jobs drawn at the same instant keep their draw order.
        return [.. drawn.OrderBy(j => j.Submitted).Select((j, i) => new PendingJob(firstJobId + i, j.Tenant, j.Priority, j.Submitted, j.Requirements))];
    }

    private static JobRequirements CpuJob(Random random)
    {
        var cores = 1 << random.Next(6);
        var replicas = random.NextDouble() < 0.2 ? random.Next(2, 5) : 1;
        return new JobRequirements(replicas, cores * 1000, cores * (2L << random.Next(3)) * 1024, [], NoExtended, [], NoLabels);
    }

    private static JobRequirements AcceleratorJob(SyntheticTenant tenant, Random random)
    {
        var devices = WeightedChoice.Pick(random, Sizes);
        var replicas = Math.Max(1, devices / 8);
        var perReplica = devices / replicas;
        var (family, workload) = AcceleratorFamilies.Pick(perReplica, tenant, random);
        var cpu = Math.Min(64, perReplica * (2 << random.Next(3)));
        var memoryGiB = Math.Min(512, perReplica * (16L << random.Next(3)));
        var accelerators = family.Select(model => new AcceleratorRequest(model, perReplica)).ToList();
        return new JobRequirements(replicas, cpu * 1000, memoryGiB * 1024, accelerators, NoExtended, [], NoLabels)
        {
            Workload = replicas > 1 ? WorkloadClass.Training : workload,
        };
    }

    /// <summary>40% of gangs need InfiniBand nodes; 4% of jobs are pinned to one to three sites.</summary>
    private static JobRequirements Constrain(JobRequirements requirements, SyntheticPool pool, Random random)
    {
        if (requirements.Replicas > 1 && requirements.Accelerators.Count > 0 && random.NextDouble() < 0.4)
        {
            requirements = requirements with { NodeLabels = Infiniband };
        }

        if (random.NextDouble() < 0.04)
        {
            var sites = Enumerable.Range(0, random.Next(1, 4)).Select(_ => pool.Sites[random.Next(pool.Sites.Count)].Name).Distinct().ToList();
            requirements = requirements with { Sites = sites };
        }

        return requirements;
    }
}
