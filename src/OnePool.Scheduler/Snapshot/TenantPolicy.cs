namespace OnePool.Scheduler.Snapshot;

/// <summary>
/// A tenant's scheduling policy (its queue, after Kueue's ClusterQueue): a nominal quota per resource, a cohort whose members lend each
/// other idle quota, and a fair-share weight. Resource names are accelerator models, <c>cpu</c> (cores) and
/// <c>memory</c> (GiB). See docs/scheduler.md.
/// </summary>
/// <param name="Name">Tenant name.</param>
public sealed record TenantPolicy(string Name)
{
    /// <summary>Nominal quota per resource. A resource not listed has no limit for this tenant.</summary>
    public IReadOnlyDictionary<string, double> Nominal { get; init; } = new Dictionary<string, double>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Most this tenant may borrow beyond nominal per resource; a resource not listed may borrow without limit
    /// (up to what the cohort has idle).</summary>
    public IReadOnlyDictionary<string, double> BorrowingLimit { get; init; } = new Dictionary<string, double>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Cohort name, or null for a queue that neither lends nor borrows.</summary>
    public string? Cohort { get; init; }

    /// <summary>Fair-share weight (default 1): twice the weight, twice the share before it counts as ahead.</summary>
    public double Weight { get; init; } = 1;

    /// <summary>Recent usage, in accelerator-hours with exponential decay (the broker keeps it), added to what the
    /// tenant holds now when ordering tenants by dominant share.</summary>
    public double DecayedAcceleratorHours { get; init; }
}
