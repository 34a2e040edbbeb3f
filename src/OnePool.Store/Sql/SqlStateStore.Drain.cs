using Dapper;
using OnePool.Store.Records;

namespace OnePool.Store.Sql;

// Draining sites and nodes.
public abstract partial class SqlStateStore
{
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
