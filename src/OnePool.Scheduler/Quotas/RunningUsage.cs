using OnePool.Scheduler.Cycle;
using OnePool.Scheduler.Snapshot;

namespace OnePool.Scheduler.Quotas;

/// <summary>
/// What each tenant's running work holds, by quota resource (accelerator model, <c>cpu</c>, <c>memory</c>), summed in
/// one pass over the running work for both books: the quota book counts paying work only, the fair-share book all
/// of it. Sums are added in the running work's order, each total on its own, so they are the same to the last bit as
/// charging one job at a time. Tenant and model names are matched by reference first (a snapshot repeats the same
/// string objects), so a pass over tens of thousands of attempts hashes few strings.
/// </summary>
internal sealed class RunningUsage
{
    private readonly List<string> _tenants = [];
    private readonly List<(Sums Paying, Sums All)> _totals = [];
    private readonly Dictionary<string, int> _tenantIds = new(StringComparer.Ordinal);
    private readonly ModelTable _models = new();

    public RunningUsage(IReadOnlyList<RunningJob> running)
    {
        string? lastTenant = null;
        (Sums Paying, Sums All) lastTotals = default;
        var (lastModel, lastModelId) = ((string?)null, -1);
        for (var i = 0; i < running.Count; i++)
        {
            var job = running[i];
            if (!ReferenceEquals(job.Tenant, lastTenant))
            {
                (lastTenant, lastTotals) = (job.Tenant, TotalsOf(job.Tenant));
            }

            var model = job.Accelerator?.Model;
            if (model is not null && !ReferenceEquals(model, lastModel))
            {
                (lastModel, lastModelId) = (model, _models.Intern(model));
            }

            var modelId = model is null ? -1 : lastModelId;
            var count = job.Accelerator?.Count ?? 0;
            lastTotals.All!.Charge(job.Requirements, modelId, count);
            if (!job.Requirements.Preemptible)
            {
                lastTotals.Paying!.Charge(job.Requirements, modelId, count);
            }
        }
    }

    /// <summary>Each tenant's holdings: paying work only, or all of it (preemptible included).</summary>
    public IEnumerable<(string Tenant, Dictionary<string, double> Usage)> ByTenant(bool payingOnly)
    {
        for (var t = 0; t < _tenants.Count; t++)
        {
            var sums = payingOnly ? _totals[t].Paying : _totals[t].All;
            if (sums.Charged)
            {
                yield return (_tenants[t], sums.ToUsage(_models));
            }
        }
    }

    private (Sums Paying, Sums All) TotalsOf(string tenant)
    {
        if (!_tenantIds.TryGetValue(tenant, out var id))
        {
            id = _tenants.Count;
            _tenantIds[tenant] = id;
            _tenants.Add(tenant);
            _totals.Add((new Sums(), new Sums()));
        }

        return _totals[id];
    }

    /// <summary>Sums of one tenant's charged work. A model is present once any job charged it (even with zero), as
    /// when charging job by job.</summary>
    private sealed class Sums
    {
        private readonly List<double?> _devices = []; // by model id; null: never charged
        private double _cpu;
        private double _memory;

        public bool Charged { get; private set; }

        public void Charge(Core.Specs.JobRequirements job, int model, int count)
        {
            Charged = true;
            if (model >= 0)
            {
                while (_devices.Count <= model)
                {
                    _devices.Add(null);
                }

                _devices[model] = (_devices[model] ?? 0) + ((double)count * job.Replicas);
            }

            _cpu += job.CpuMillis / 1000.0 * job.Replicas;
            _memory += job.MemoryMiB / 1024.0 * job.Replicas;
        }

        public Dictionary<string, double> ToUsage(ModelTable models)
        {
            var usage = new Dictionary<string, double>(StringComparer.OrdinalIgnoreCase);
            for (var m = 0; m < _devices.Count; m++)
            {
                if (_devices[m] is { } devices)
                {
                    usage[models.Name(m)] = devices;
                }
            }

            usage[ResourceAmounts.Cpu] = _cpu;
            usage[ResourceAmounts.Memory] = _memory;
            return usage;
        }
    }
}
