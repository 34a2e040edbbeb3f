using OnePool.Core.Specs;
using OnePool.Scheduler.Quotas;
using OnePool.Scheduler.Snapshot;

namespace OnePool.Scheduler.FairShare;

/// <summary>
/// Weighted dominant-resource fairness over current and recent usage. A tenant's share is the largest fraction of
/// any pool resource it holds now (accelerators by model, CPU, memory) plus its decayed recent accelerator-hours
/// over one day of the pool's accelerators, divided by its weight. Among jobs of equal priority, the tenant with
/// the smallest share goes next; its share grows with each placement, so tenants take turns.
/// </summary>
internal sealed class FairShareBook
{
    private readonly Dictionary<string, double> _capacity = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, Dictionary<string, double>> _held = new(StringComparer.Ordinal);
    private readonly Dictionary<string, TenantPolicy> _policies = new(StringComparer.Ordinal);
    private readonly Dictionary<string, double> _shares = new(StringComparer.Ordinal);
    private readonly double _acceleratorDayHours;

    /// <param name="snapshot">The pool.</param>
    /// <param name="running">The running work's usage, summed once for both books.</param>
    public FairShareBook(SchedulingSnapshot snapshot, RunningUsage running)
    {
        double accelerators = 0, cpu = 0, memory = 0;
        foreach (var node in snapshot.Nodes)
        {
            cpu += node.CpuMillis / 1000.0;
            memory += node.MemoryMiB / 1024.0;
            // Nodes carry one model in practice: add a run of equal models at once (this loop sees every device).
            string? model = null;
            var run = 0;
            for (var i = 0; i < node.Devices.Count; i++)
            {
                var device = node.Devices[i];
                if (model is not null && !string.Equals(device.Model, model, StringComparison.OrdinalIgnoreCase))
                {
                    Add(_capacity, model, run);
                    run = 0;
                }

                model = device.Model;
                run++;
                accelerators++;
            }

            if (model is not null)
            {
                Add(_capacity, model, run);
            }
        }

        if (snapshot.Nodes.Count > 0)
        {
            _capacity[ResourceAmounts.Cpu] = cpu;
            _capacity[ResourceAmounts.Memory] = memory;
        }

        _acceleratorDayHours = Math.Max(1, accelerators * 24);
        foreach (var policy in snapshot.Tenants)
        {
            _policies[policy.Name] = policy;
        }

        foreach (var (tenant, usage) in running.ByTenant(payingOnly: false))
        {
            _held[tenant] = usage;
        }
    }

    public double Share(string tenant)
    {
        if (_shares.TryGetValue(tenant, out var cached))
        {
            return cached;
        }

        var policy = _policies.GetValueOrDefault(tenant);
        double dominant = 0;
        if (_held.TryGetValue(tenant, out var held))
        {
            foreach (var (resource, amount) in held)
            {
                var capacity = _capacity.GetValueOrDefault(resource);
                dominant = Math.Max(dominant, capacity > 0 ? amount / capacity : 0);
            }
        }

        var recent = (policy?.DecayedAcceleratorHours ?? 0) / _acceleratorDayHours;
        var share = (dominant + recent) / Math.Max(1e-6, policy?.Weight ?? 1);
        _shares[tenant] = share;
        return share;
    }

    public void Charge(string tenant, JobRequirements job, string? model, int count)
    {
        if (!_held.TryGetValue(tenant, out var held))
        {
            held = new Dictionary<string, double>(StringComparer.OrdinalIgnoreCase);
            _held[tenant] = held;
        }

        for (var slot = 0; slot < ResourceAmounts.Slots; slot++)
        {
            var (resource, amount) = ResourceAmounts.At(slot, job, model, count);
            if (resource is not null)
            {
                Add(held, resource, amount);
            }
        }

        _shares.Remove(tenant);
    }

    private static void Add(Dictionary<string, double> map, string key, double amount) =>
        map[key] = map.GetValueOrDefault(key) + amount;
}
