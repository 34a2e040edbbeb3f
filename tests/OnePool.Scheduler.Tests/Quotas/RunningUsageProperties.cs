using FsCheck;
using FsCheck.Xunit;
using OnePool.Core.Resources;
using OnePool.Core.Specs;
using OnePool.Scheduler.Decisions;
using OnePool.Scheduler.Quotas;
using OnePool.Scheduler.Snapshot;

namespace OnePool.Scheduler.Tests.Quotas;

/// <summary>The running work's usage, summed in one pass for both books, equals charging one job at a time (as the
/// books did before), to the last bit: tenants and models named by equal strings that are different objects, models
/// in other letter cases, preemptible work (left out of the quota book only), jobs without accelerators.</summary>
public sealed class RunningUsageProperties
{
    private static readonly string[] Models = ["H100", "h100", "A100-80G", "T4"];
    private static readonly string[] Tenants = ["vision", "language", "ops"];

    [Property(MaxTest = 500)]
    public bool ByTenant_EqualsChargingJobByJob(PositiveInt seed)
    {
        var random = new Random(seed.Get);
        var running = Enumerable.Range(0, random.Next(0, 60)).Select(i => Job(random, i)).ToList();
        var usage = new RunningUsage(running);
        return Same(usage.ByTenant(payingOnly: true), Reference(running, payingOnly: true))
            && Same(usage.ByTenant(payingOnly: false), Reference(running, payingOnly: false));
    }

    private static RunningJob Job(Random random, int i)
    {
        // new string(...) makes equal names that are other objects, as a snapshot read from a store may have.
        var tenant = random.Next(2) == 0 ? Tenants[random.Next(Tenants.Length)] : new string(Tenants[random.Next(Tenants.Length)].AsSpan());
        var model = random.Next(4) == 0 ? null : new string(Models[random.Next(Models.Length)].AsSpan());
        var count = random.Next(0, 9);
        var requirements = new JobRequirements(
            random.Next(1, 5), random.Next(1, 64_000), random.Next(1, 1_000_000), model is null ? [] : [new AcceleratorRequest(model, count)],
            new Dictionary<string, long>(), [], new Dictionary<string, string>()) { Preemptible = random.Next(3) == 0 };
        return new RunningJob(i, i, tenant, 0, requirements, "s", model is null ? null : new AcceleratorRequest(model, count), [new ReplicaPlacement("n", [])], DateTimeOffset.UnixEpoch);
    }

    private static Dictionary<string, Dictionary<string, double>> Reference(List<RunningJob> running, bool payingOnly)
    {
        var books = new Dictionary<string, Dictionary<string, double>>(StringComparer.Ordinal);
        foreach (var job in running.Where(j => !payingOnly || !j.Requirements.Preemptible))
        {
            if (!books.TryGetValue(job.Tenant, out var usage))
            {
                usage = new Dictionary<string, double>(StringComparer.OrdinalIgnoreCase);
                books[job.Tenant] = usage;
            }

            for (var slot = 0; slot < ResourceAmounts.Slots; slot++)
            {
                var (resource, amount) = ResourceAmounts.At(slot, job.Requirements, job.Accelerator?.Model, job.Accelerator?.Count ?? 0);
                if (resource is not null)
                {
                    usage[resource] = usage.GetValueOrDefault(resource) + amount;
                }
            }
        }

        return books;
    }

    private static bool Same(IEnumerable<(string Tenant, Dictionary<string, double> Usage)> summed, Dictionary<string, Dictionary<string, double>> reference)
    {
        var list = summed.ToList();
        return list.Count == reference.Count && list.All(t =>
            reference.TryGetValue(t.Tenant, out var expected) && expected.Count == t.Usage.Count
            && expected.All(e => t.Usage.TryGetValue(e.Key, out var v) && BitConverter.DoubleToInt64Bits(v) == BitConverter.DoubleToInt64Bits(e.Value)));
    }
}
