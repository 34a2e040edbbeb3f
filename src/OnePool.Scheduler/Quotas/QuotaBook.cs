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

    // Each cohort's summed nominal and usage per resource (resource names case-insensitive), until a member is charged.
    private readonly Dictionary<(string Cohort, string Resource), (double Nominal, double Used)> _cohorts = new(CohortKeyComparer.Instance);

    public QuotaBook(SchedulingSnapshot snapshot, bool enabled)
        : this(snapshot, new RunningUsage(snapshot.Running), enabled)
    {
    }

    /// <summary>With the running work's usage already summed (a cycle sums it once for both books).</summary>
    public QuotaBook(SchedulingSnapshot snapshot, RunningUsage running, bool enabled)
    {
        _enabled = enabled;
        foreach (var policy in snapshot.Tenants)
        {
            _policies[policy.Name] = policy;
        }

        foreach (var (tenant, usage) in running.ByTenant(payingOnly: true))
        {
            _usage[tenant] = usage;
        }
    }

    public double Usage(string tenant, string resource) =>
        _usage.TryGetValue(tenant, out var u) ? u.GetValueOrDefault(resource) : 0;

    /// <summary>Whether the job may be admitted now; when not, what stands in the way (formatted only when shown:
    /// quota checks run for every candidate of every job).</summary>
    public (bool Admitted, bool Borrowing, QuotaDenial Denial) Check(string tenant, JobRequirements job, string? model, int count)
    {
        if (!_enabled || job.Preemptible || !_policies.TryGetValue(tenant, out var policy))
        {
            return (true, false, default);
        }

        var borrowing = false;
        for (var slot = 0; slot < ResourceAmounts.Slots; slot++)
        {
            var (resource, amount) = ResourceAmounts.At(slot, job, model, count);
            if (resource is null || !policy.Nominal.TryGetValue(resource, out var nominal))
            {
                continue;
            }

            var used = Usage(tenant, resource);
            if (used + amount <= nominal + 1e-9)
            {
                continue;
            }

            var excess = used + amount - nominal;
            var denial = new QuotaDenial(tenant, resource, used, nominal, amount, null, 0, double.NaN);
            if (policy.Cohort is null)
            {
                return (false, false, denial);
            }

            if (policy.BorrowingLimit.TryGetValue(resource, out var limit) && excess > limit + 1e-9)
            {
                return (false, false, denial with { BorrowingLimit = limit });
            }

            var (cohortNominal, cohortUsed) = Cohort(policy.Cohort, resource);
            if (cohortUsed + amount > cohortNominal + 1e-9)
            {
                return (false, false, denial with { Cohort = policy.Cohort, CohortIdle = Math.Max(0, cohortNominal - cohortUsed) });
            }

            borrowing = true;
        }

        return (true, borrowing, default);
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
        _cohorts.Clear(); // a placement or two per thousand checks: summing again is cheaper than tracking which
        if (!_usage.TryGetValue(tenant, out var usage))
        {
            usage = new Dictionary<string, double>(StringComparer.OrdinalIgnoreCase);
            _usage[tenant] = usage;
        }

        for (var slot = 0; slot < ResourceAmounts.Slots; slot++)
        {
            var (resource, amount) = ResourceAmounts.At(slot, job, model, count);
            if (resource is not null)
            {
                usage[resource] = usage.GetValueOrDefault(resource) + amount;
            }
        }
    }

    private (double Nominal, double Used) Cohort(string cohort, string resource)
    {
        // Asked for every candidate of every job over its tenant's nominal; it changes only when a member is charged.
        if (_cohorts.TryGetValue((cohort, resource), out var known))
        {
            return known;
        }

        var summed = SumCohort(cohort, resource);
        _cohorts[(cohort, resource)] = summed;
        return summed;
    }

    private (double Nominal, double Used) SumCohort(string cohort, string resource)
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

}

/// <summary>Why a quota check failed; a struct so that failing checks allocate nothing.</summary>
/// <param name="Tenant">Tenant.</param>
/// <param name="Resource">Resource at its limit.</param>
/// <param name="Used">Tenant's usage of it.</param>
/// <param name="Nominal">Tenant's nominal quota of it.</param>
/// <param name="Amount">What the job asks for.</param>
/// <param name="Cohort">The cohort that has nothing idle, when that is the reason.</param>
/// <param name="CohortIdle">What the cohort has idle.</param>
/// <param name="BorrowingLimit">The borrowing limit that stops it, or NaN.</param>
internal readonly record struct QuotaDenial(string? Tenant, string? Resource, double Used, double Nominal, double Amount, string? Cohort, double CohortIdle, double BorrowingLimit)
{
    public override string ToString()
    {
        var text = $"tenant {Tenant} is at quota for {Resource} ({Format(Used)}/{Format(Nominal)}, needs {Format(Amount)})";
        return !double.IsNaN(BorrowingLimit) ? $"{text}; its borrowing limit is {Format(BorrowingLimit)}"
            : Cohort is not null ? $"{text}; cohort {Cohort} has {Format(CohortIdle)} idle to lend"
            : text;
    }

    private static string Format(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);
}

/// <summary>Cohort names as written, resource names case-insensitive (as quotas name resources).</summary>
internal sealed class CohortKeyComparer : IEqualityComparer<(string Cohort, string Resource)>
{
    public static readonly CohortKeyComparer Instance = new();

    public bool Equals((string Cohort, string Resource) x, (string Cohort, string Resource) y) =>
        string.Equals(x.Cohort, y.Cohort, StringComparison.Ordinal) && string.Equals(x.Resource, y.Resource, StringComparison.OrdinalIgnoreCase);

    public int GetHashCode((string Cohort, string Resource) key) =>
        HashCode.Combine(StringComparer.Ordinal.GetHashCode(key.Cohort), StringComparer.OrdinalIgnoreCase.GetHashCode(key.Resource));
}
