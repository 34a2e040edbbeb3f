using Dapper;
using OnePool.Store.Records;

namespace OnePool.Store.Sql;

// Tokens, tenants, sites and nodes: the pool's directory.
public abstract partial class SqlStateStore
{
    /// <inheritdoc/>
    public Task<TokenRecord?> FindTokenAsync(string hash, CancellationToken cancellationToken) =>
        ReadAsync(c => c.QuerySingleOrDefaultAsync<TokenRecord>(Cmd("SELECT hash, role, subject, created_at FROM tokens WHERE hash = @hash", new { hash }, null, cancellationToken)), cancellationToken);

    /// <inheritdoc/>
    public Task<bool> HasAdminTokenAsync(CancellationToken cancellationToken) =>
        ReadAsync(async c => await c.ExecuteScalarAsync<long>(Cmd("SELECT COUNT(*) FROM tokens WHERE role = 'admin'", null, null, cancellationToken)) > 0, cancellationToken);

    /// <inheritdoc/>
    public Task AddTokenAsync(TokenRecord token, CancellationToken cancellationToken) =>
        WriteAsync((c, t) => c.ExecuteAsync(Cmd("INSERT INTO tokens (hash, role, subject, created_at) VALUES (@Hash, @Role, @Subject, @CreatedAt)", token, t, cancellationToken)), cancellationToken);

    /// <inheritdoc/>
    public Task<bool> AddTenantAsync(TenantRecord tenant, TokenRecord? token, CancellationToken cancellationToken) =>
        WriteAsync(async (c, t) =>
        {
            var added = await c.ExecuteAsync(Cmd("INSERT INTO tenants (name, created_at) VALUES (@Name, @CreatedAt) ON CONFLICT (name) DO NOTHING", tenant, t, cancellationToken));
            if (added == 1 && token is not null)
            {
                await c.ExecuteAsync(Cmd("INSERT INTO tokens (hash, role, subject, created_at) VALUES (@Hash, @Role, @Subject, @CreatedAt)", token, t, cancellationToken));
            }

            return added == 1;
        }, cancellationToken);

    /// <inheritdoc/>
    public Task<IReadOnlyList<TenantRecord>> ListTenantsAsync(CancellationToken cancellationToken) =>
        ReadAsync(async c => (IReadOnlyList<TenantRecord>)(await c.QueryAsync<TenantRecord>(Cmd(
            "SELECT name, created_at, nominal, borrowing_limit, cohort, weight FROM tenants ORDER BY name", null, null, cancellationToken))).AsList(), cancellationToken);

    /// <inheritdoc/>
    public Task<bool> UpdateTenantPolicyAsync(TenantRecord tenant, CancellationToken cancellationToken) =>
        WriteAsync(async (c, t) => await c.ExecuteAsync(Cmd(
            "UPDATE tenants SET nominal = @Nominal, borrowing_limit = @BorrowingLimit, cohort = @Cohort, weight = @Weight WHERE name = @Name",
            tenant, t, cancellationToken)) == 1, cancellationToken);

    /// <inheritdoc/>
    public Task<bool> AddSiteAsync(SiteRecord site, TokenRecord token, CancellationToken cancellationToken) =>
        WriteAsync(async (c, t) =>
        {
            var added = await c.ExecuteAsync(Cmd("INSERT INTO sites (name, kind, labels, created_at) VALUES (@Name, @Kind, @Labels, @CreatedAt) ON CONFLICT (name) DO NOTHING", site, t, cancellationToken));
            if (added == 1)
            {
                await c.ExecuteAsync(Cmd("INSERT INTO tokens (hash, role, subject, created_at) VALUES (@Hash, @Role, @Subject, @CreatedAt)", token, t, cancellationToken));
            }

            return added == 1;
        }, cancellationToken);

    /// <inheritdoc/>
    public Task<IReadOnlyList<SiteRecord>> ListSitesAsync(CancellationToken cancellationToken) =>
        ReadAsync(async c => (IReadOnlyList<SiteRecord>)(await c.QueryAsync<SiteRecord>(Cmd(
            "SELECT name, kind, labels, created_at, prices, draining, datasets, ingress_mib_per_s, throughput, drain_deadline FROM sites ORDER BY name",
            null, null, cancellationToken))).AsList(), cancellationToken);

    /// <inheritdoc/>
    public Task<bool> UpdateSiteSettingsAsync(SiteRecord site, CancellationToken cancellationToken) =>
        WriteAsync(async (c, t) => await c.ExecuteAsync(Cmd(
            """
            UPDATE sites SET labels = @Labels, prices = @Prices, draining = @Draining, datasets = @Datasets,
                ingress_mib_per_s = @IngressMibPerS, throughput = @Throughput
            WHERE name = @Name
            """, site, t, cancellationToken)) == 1, cancellationToken);

    /// <inheritdoc/>
    public Task UpsertNodeAsync(NodeRecord node, CancellationToken cancellationToken) =>
        WriteAsync((c, t) => c.ExecuteAsync(Cmd(
            """
            INSERT INTO nodes (id, site, name, inventory, updated_at) VALUES (@Id, @Site, @Name, @Inventory, @UpdatedAt)
            ON CONFLICT (id) DO UPDATE SET inventory = excluded.inventory, updated_at = excluded.updated_at
            """, node, t, cancellationToken)), cancellationToken);

    /// <inheritdoc/>
    public Task<IReadOnlyList<NodeRecord>> ListNodesAsync(CancellationToken cancellationToken) =>
        ReadAsync(async c => (IReadOnlyList<NodeRecord>)(await c.QueryAsync<NodeRecord>(Cmd("SELECT id, site, name, inventory, updated_at, drain_deadline FROM nodes ORDER BY id", null, null, cancellationToken))).AsList(), cancellationToken);
}
