using System.Globalization;
using OnePool.Core.Specs;
using OnePool.Scheduler.Snapshot;

namespace OnePool.Scheduler.Quotas;

/// <summary>
/// Tenant quotas with Kueue's ClusterQueue/cohort semantics. A job is admitted when, for every resource the
/// tenant has a nominal quota for, its usage stays within nominal, or the excess is borrowed: within the tenant's
/// borrowing limit and within what its cohort leaves idle (cohort usage + request at most the cohort's summed
/// nominal). Resources a tenant has no nominal for are not limited. Preemptible jobs run outside quota.
/// </summary>
internal sealed class QuotaBook
{
    private readonly Dictionary<string, TenantPolicy> _policies = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Dictionary<string, double>> _usage = new(StringComparer.Ordinal);
    private readonly bool _enabled;

    public QuotaBook(SchedulingSnapshot snapshot, bool enabled)
    {
        _enabled = enabled;
        foreach (var policy in snapshot.Tenants)
        {
            _policies[policy.Name] = policy;
        }

        foreach (var running in snapshot.Running.Where(r => !r.Requirements.Preemptible))
        {
            Charge(running.Tenant, running.Requirements, running.Accelerator?.Model, running.Accelerator?.Count ?? 0);
        }
    }

    public double Usage(string tenant, string resource) =>
        _usage.TryGetValue(tenant, out var u) ? u.GetValueOrDefault(resource) : 0;

    /// <summary>Whether the job may be admitted now; when not, a reason naming the resource and the numbers.</summary>
    public (bool Admitted, bool Borrowing, string? Reason) Check(string tenant, JobRequirements job, string? model, int count)
    {
        if (!_enabled || job.Preemptible || !_policies.TryGetValue(tenant, out var policy))
        {
            return (true, false, null);
        }

        var borrowing = false;
        foreach (var (resource, amount) in ResourceAmounts.Of(job, model, count))
        {
            if (!policy.Nominal.TryGetValue(resource, out var nominal))
            {
                continue;
            }

            var used = Usage(tenant, resource);
            if (used + amount <= nominal + 1e-9)
            {
                continue;
            }

            var excess = used + amount - nominal;
            var limitText = $"tenant {tenant} is at quota for {resource} ({Format(used)}/{Format(nominal)}, needs {Format(amount)})";
            if (policy.Cohort is null)
            {
                return (false, false, limitText);
            }

            if (policy.BorrowingLimit.TryGetValue(resource, out var limit) && excess > limit + 1e-9)
            {
                return (false, false, $"{limitText}; its borrowing limit is {Format(limit)}");
            }

            var (cohortNominal, cohortUsed) = Cohort(policy.Cohort, resource);
            if (cohortUsed + amount > cohortNominal + 1e-9)
            {
                return (false, false, $"{limitText}; cohort {policy.Cohort} has {Format(Math.Max(0, cohortNominal - cohortUsed))} idle to lend");
            }

            borrowing = true;
        }

        return (true, borrowing, null);
    }

    /// <summary>True when the tenant is within nominal for everything this job needs (it may reclaim lent quota).</summary>
    public bool WithinNominal(string tenant, JobRequirements job, string? model, int count) =>
        _policies.TryGetValue(tenant, out var policy)
        && ResourceAmounts.Of(job, model, count).Any(r => policy.Nominal.ContainsKey(r.Resource))
        && ResourceAmounts.Of(job, model, count).All(r =>
            !policy.Nominal.TryGetValue(r.Resource, out var nominal) || Usage(tenant, r.Resource) + r.Amount <= nominal + 1e-9);

    /// <summary>True when the running job's tenant uses more than its nominal of what the job holds (borrowed work).</summary>
    public bool IsBorrowed(RunningJob running)
    {
        if (!_policies.TryGetValue(running.Tenant, out var policy) || running.Requirements.Preemptible)
        {
            return false;
        }

        return ResourceAmounts.Of(running.Requirements, running.Accelerator?.Model, running.Accelerator?.Count ?? 0)
            .Any(r => policy.Nominal.TryGetValue(r.Resource, out var nominal) && Usage(running.Tenant, r.Resource) > nominal + 1e-9);
    }

    public string? CohortOf(string tenant) => _policies.TryGetValue(tenant, out var p) ? p.Cohort : null;

    public void Charge(string tenant, JobRequirements job, string? model, int count)
    {
        if (!_usage.TryGetValue(tenant, out var usage))
        {
            usage = new Dictionary<string, double>(StringComparer.OrdinalIgnoreCase);
            _usage[tenant] = usage;
        }

        foreach (var (resource, amount) in ResourceAmounts.Of(job, model, count))
        {
            usage[resource] = usage.GetValueOrDefault(resource) + amount;
        }
    }

    private (double Nominal, double Used) Cohort(string cohort, string resource)
    {
        double nominal = 0, used = 0;
        foreach (var member in _policies.Values)
        {
            if (member.Cohort == cohort && member.Nominal.TryGetValue(resource, out var n))
            {
                nominal += n;
                used += Usage(member.Name, resource);
            }
        }

        return (nominal, used);
    }

    private static string Format(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);
}
