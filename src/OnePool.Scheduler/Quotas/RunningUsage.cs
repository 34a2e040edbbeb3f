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
    private readonly List<Totals> _totals = [];
    private readonly Dictionary<string, int> _tenantIds = new(StringComparer.Ordinal);
    private readonly ModelTable _models = new();

    public RunningUsage(IReadOnlyList<RunningJob> running)
    {
        var (lastTenant, lastTotals) = ((string?)null, (Totals?)null);
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

            lastTotals!.Charge(job.Requirements, model is null ? -1 : lastModelId, job.Accelerator?.Count ?? 0);
        }
    }

    /// <summary>Each tenant's holdings: paying work only, or all of it (preemptible included).</summary>
    public IEnumerable<(string Tenant, Dictionary<string, double> Usage)> ByTenant(bool payingOnly)
    {
        for (var t = 0; t < _tenants.Count; t++)
        {
            var totals = _totals[t];
            if (payingOnly && !totals.AnyPaying)
            {
                continue;
            }

            var usage = new Dictionary<string, double>(StringComparer.OrdinalIgnoreCase);
            var devices = payingOnly ? totals.PayingDevices : totals.AllDevices;
            for (var m = 0; m < devices.Count; m++)
            {
                if (totals.Touched(m, payingOnly))
                {
                    usage[_models.Name(m)] = devices[m];
                }
            }

            usage[ResourceAmounts.Cpu] = payingOnly ? totals.PayingCpu : totals.AllCpu;
            usage[ResourceAmounts.Memory] = payingOnly ? totals.PayingMemory : totals.AllMemory;
            yield return (_tenants[t], usage);
        }
    }

    private Totals TotalsOf(string tenant)
    {
        if (!_tenantIds.TryGetValue(tenant, out var id))
        {
            id = _tenants.Count;
            _tenantIds[tenant] = id;
            _tenants.Add(tenant);
            _totals.Add(new Totals());
        }

        return _totals[id];
    }

    /// <summary>One tenant's sums. A resource is present once any job charged it (even with zero), as when charging
    /// job by job.</summary>
    private sealed class Totals
    {
        private readonly List<bool> _payingTouched = [];
        private readonly List<bool> _allTouched = [];

        public List<double> PayingDevices { get; } = [];

        public List<double> AllDevices { get; } = [];

        public double PayingCpu { get; private set; }

        public double PayingMemory { get; private set; }

        public double AllCpu { get; private set; }

        public double AllMemory { get; private set; }

        public bool AnyPaying { get; private set; }

        public bool Touched(int model, bool payingOnly) => model < (payingOnly ? _payingTouched : _allTouched).Count && (payingOnly ? _payingTouched : _allTouched)[model];

        public void Charge(Core.Specs.JobRequirements job, int model, int count)
        {
            var devices = (double)count * job.Replicas;
            var cpu = job.CpuMillis / 1000.0 * job.Replicas;
            var memory = job.MemoryMiB / 1024.0 * job.Replicas;
            if (model >= 0)
            {
                Grow(model);
                AllDevices[model] += devices;
                _allTouched[model] = true;
            }

            AllCpu += cpu;
            AllMemory += memory;
            if (job.Preemptible)
            {
                return;
            }

            AnyPaying = true;
            if (model >= 0)
            {
                PayingDevices[model] += devices;
                _payingTouched[model] = true;
            }

            PayingCpu += cpu;
            PayingMemory += memory;
        }

        private void Grow(int model)
        {
            while (AllDevices.Count <= model)
            {
                AllDevices.Add(0);
                PayingDevices.Add(0);
                _allTouched.Add(false);
                _payingTouched.Add(false);
            }
        }
    }
}
