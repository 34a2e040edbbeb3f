using Dapper;
using OnePool.Store.Records;

namespace OnePool.Store.Sql;

// Draining sites and nodes.
public abstract partial class SqlStateStore
{
    /// <inheritdoc/>
    public Task<(IReadOnlyDictionary<string, long> Sites, IReadOnlyDictionary<string, long> Nodes)> ListDrainsAsync(CancellationToken cancellationToken) =>
        ReadAsync(async c =>
        {
            var sites = await c.QueryAsync<(string Name, long Deadline)>(Cmd("SELECT name, drain_deadline FROM sites WHERE drain_deadline IS NOT NULL", null, null, cancellationToken));
            var nodes = await c.QueryAsync<(string Id, long Deadline)>(Cmd("SELECT id, drain_deadline FROM nodes WHERE drain_deadline IS NOT NULL", null, null, cancellationToken));
            return ((IReadOnlyDictionary<string, long>)sites.ToDictionary(s => s.Name, s => s.Deadline, StringComparer.Ordinal),
                (IReadOnlyDictionary<string, long>)nodes.ToDictionary(n => n.Id, n => n.Deadline, StringComparer.Ordinal));
        }, cancellationToken);

    /// <inheritdoc/>
    public Task<bool> SetDrainAsync(string site, string? nodeId, DateTimeOffset? deadline, CancellationToken cancellationToken)
    {
        var at = deadline is { } d ? Time.ToMs(d) : (long?)null;
        return WriteAsync(async (c, t) => nodeId is null
            ? await c.ExecuteAsync(Cmd("UPDATE sites SET draining = @draining, drain_deadline = @at WHERE name = @site",
                new { draining = at is null ? 0 : 1, at, site }, t, cancellationToken)) == 1
            : await c.ExecuteAsync(Cmd("UPDATE nodes SET drain_deadline = @at WHERE id = @nodeId AND site = @site",
                new { at, nodeId, site }, t, cancellationToken)) == 1, cancellationToken);
    }
}
