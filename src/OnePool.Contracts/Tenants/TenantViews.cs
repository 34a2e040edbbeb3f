namespace OnePool.Contracts.Tenants;

/// <summary><c>POST /v1/tenants</c> body.</summary>
/// <param name="Name">Tenant name.</param>
public sealed record CreateTenantRequest(string Name);

/// <summary>A new tenant and the only copy of its token.</summary>
/// <param name="Name">Tenant name.</param>
/// <param name="Token">Bearer token for the tenant's users. Stored hashed.</param>
public sealed record TenantCreated(string Name, string Token);

/// <summary>A tenant, its queue policy and what it holds now.</summary>
/// <param name="Name">Tenant name.</param>
/// <param name="CreatedAt">When it was added.</param>
/// <remarks>Resource names are accelerator models (e.g. <c>A100-80G</c>), <c>cpu</c> (cores) and <c>memory</c> (GiB).</remarks>
public sealed record TenantView(string Name, DateTimeOffset CreatedAt)
{
    /// <summary>Nominal quota per resource; a resource not listed has no limit.</summary>
    public IReadOnlyDictionary<string, double> Nominal { get; init; } = new Dictionary<string, double>();

    /// <summary>Most it may borrow beyond nominal per resource; a resource not listed may borrow what its cohort has idle.</summary>
    public IReadOnlyDictionary<string, double> BorrowingLimit { get; init; } = new Dictionary<string, double>();

    /// <summary>Cohort whose members lend each other idle quota, or null.</summary>
    public string? Cohort { get; init; }

    /// <summary>Fair-share weight. Default: 1.</summary>
    public double Weight { get; init; } = 1;

    /// <summary>What the replicas of its live attempts hold now, per resource.</summary>
    public IReadOnlyDictionary<string, double> Usage { get; init; } = new Dictionary<string, double>();
}

/// <summary>Tenants.</summary>
/// <param name="Tenants">All tenants by name.</param>
public sealed record TenantList(IReadOnlyList<TenantView> Tenants);

/// <summary><c>PUT /v1/tenants/{name}</c> body: the parts of the policy to change. An absent (or null) field is left as
/// it is, except <see cref="Cohort"/>, where an explicit null leaves the cohort. A given map replaces the stored one.</summary>
/// <param name="Nominal">Nominal quota per resource (finite, at least 0).</param>
/// <param name="BorrowingLimit">Borrowing limit per resource (finite, at least 0).</param>
/// <param name="Cohort">Cohort name; null leaves the cohort.</param>
/// <param name="Weight">Fair-share weight, above 0.</param>
public sealed record TenantPolicyRequest(
    IReadOnlyDictionary<string, double>? Nominal = null, IReadOnlyDictionary<string, double>? BorrowingLimit = null,
    string? Cohort = null, double? Weight = null);
