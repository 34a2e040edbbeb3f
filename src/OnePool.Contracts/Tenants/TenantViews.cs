namespace OnePool.Contracts.Tenants;

/// <summary><c>POST /v1/tenants</c> body.</summary>
/// <param name="Name">Tenant name.</param>
public sealed record CreateTenantRequest(string Name);

/// <summary>A new tenant and the only copy of its token.</summary>
/// <param name="Name">Tenant name.</param>
/// <param name="Token">Bearer token for the tenant's users. Stored hashed.</param>
public sealed record TenantCreated(string Name, string Token);

/// <summary>A tenant.</summary>
/// <param name="Name">Tenant name.</param>
/// <param name="CreatedAt">When it was added.</param>
public sealed record TenantView(string Name, DateTimeOffset CreatedAt);

/// <summary>Tenants.</summary>
/// <param name="Tenants">All tenants by name.</param>
public sealed record TenantList(IReadOnlyList<TenantView> Tenants);
