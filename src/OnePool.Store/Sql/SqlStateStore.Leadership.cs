using System.Data.Common;
using Dapper;
using OnePool.Store.Records;

namespace OnePool.Store.Sql;

// Leader election among broker replicas sharing one database, and the fence every leader write passes.
public abstract partial class SqlStateStore
{
    /// <inheritdoc/>
    public Task<LeadershipRecord> ElectAsync(string replica, string url, TimeSpan lease, DateTimeOffset now, CancellationToken cancellationToken, bool takeOver = false)
    {
        ArgumentException.ThrowIfNullOrEmpty(replica);
        ArgumentException.ThrowIfNullOrEmpty(url);
        var at = Time.ToMs(now);
        var until = Time.ToMs(now + lease);
        // One write transaction: writers are serialised (SQLite's single writer, PostgreSQL's advisory lock), so two
        // replicas can never both see an expired lease and both take it.
        return WriteAsync(async (c, t) =>
        {
            var current = await ReadLeadershipAsync(c, t, cancellationToken);
            if (current is null)
            {
                await c.ExecuteAsync(Cmd(
                    "INSERT INTO leadership (id, holder, url, term, expires_at, acquired_at) VALUES (1, @replica, @url, 1, @until, @at)",
                    new { replica, url, until, at }, t, cancellationToken));
            }
            else if (current.Holder == replica)
            {
                // Renewal: the same term, even after a pause that let the lease lapse, as long as nobody took it.
                await c.ExecuteAsync(Cmd("UPDATE leadership SET expires_at = @until, url = @url WHERE id = 1",
                    new { until, url }, t, cancellationToken));
            }
            else if (takeOver || Time.ToMs(current.ExpiresAt) <= at || current.Url == url)
            {
                // Takeover: the lease lapsed, or its holder was an earlier process at this very address (which cannot
                // still be serving while this one is bound there: a restarted single broker need not wait out its lease).
                await c.ExecuteAsync(Cmd(
                    "UPDATE leadership SET holder = @replica, url = @url, term = term + 1, expires_at = @until, acquired_at = @at WHERE id = 1",
                    new { replica, url, until, at }, t, cancellationToken));
            }

            await c.ExecuteAsync(Cmd(
                """
                INSERT INTO broker_replicas (id, url, seen_at) VALUES (@replica, @url, @at)
                ON CONFLICT (id) DO UPDATE SET url = excluded.url, seen_at = excluded.seen_at
                """, new { replica, url, at }, t, cancellationToken));
            return (await ReadLeadershipAsync(c, t, cancellationToken))!;
        }, cancellationToken);
    }

    /// <inheritdoc/>
    public Task ResignAsync(string replica, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var at = Time.ToMs(now);
        return WriteAsync(async (c, t) =>
        {
            await c.ExecuteAsync(Cmd("UPDATE leadership SET expires_at = @at WHERE id = 1 AND holder = @replica AND expires_at > @at",
                new { replica, at }, t, cancellationToken));
            await c.ExecuteAsync(Cmd("DELETE FROM broker_replicas WHERE id = @replica", new { replica }, t, cancellationToken));
            return 0;
        }, cancellationToken);
    }

    /// <inheritdoc/>
    public Task<(LeadershipRecord? Leader, IReadOnlyList<BrokerReplicaRecord> Replicas)> GetLeadershipAsync(CancellationToken cancellationToken) =>
        SnapshotReadAsync(async c =>
        {
            var leader = await ReadLeadershipAsync(c, null, cancellationToken);
            var replicas = (await c.QueryAsync<(string Id, string Url, long SeenAt)>(Cmd(
                "SELECT id, url, seen_at FROM broker_replicas ORDER BY url, id", null, null, cancellationToken)))
                .Select(r => new BrokerReplicaRecord(r.Id, r.Url, Time.FromMs(r.SeenAt))).ToList();
            return (leader, (IReadOnlyList<BrokerReplicaRecord>)replicas);
        }, cancellationToken);

    /// <summary>Refuses the write in progress unless <paramref name="fence"/> still holds office at
    /// <paramref name="at"/> (Unix ms). Runs inside the write transaction, after writers are serialised, so no takeover
    /// can slip in between this check and the commit.</summary>
    private static async Task CheckFenceAsync(DbConnection c, DbTransaction t, LeaderFence? fence, long at, CancellationToken cancellationToken)
    {
        if (fence is null)
        {
            return;
        }

        var current = await ReadLeadershipAsync(c, t, cancellationToken);
        if (current is null || current.Holder != fence.Holder || current.Term != fence.Term || Time.ToMs(current.ExpiresAt) <= at)
        {
            var now = current is null ? "no replica leads"
                : current.Holder == fence.Holder && current.Term == fence.Term ? $"its lease of term {current.Term} ran out"
                : $"replica at {current.Url} leads in term {current.Term}";
            throw new LeadershipLostException($"this replica no longer leads (it was elected for term {fence.Term}; {now}): the write was not committed");
        }
    }

    private static async Task<LeadershipRecord?> ReadLeadershipAsync(DbConnection c, DbTransaction? t, CancellationToken cancellationToken)
    {
        var row = await c.QuerySingleOrDefaultAsync<(string Holder, string Url, long Term, long ExpiresAt, long AcquiredAt)?>(Cmd(
            "SELECT holder, url, term, expires_at, acquired_at FROM leadership WHERE id = 1", null, t, cancellationToken));
        return row is { } r ? new LeadershipRecord(r.Holder, r.Url, r.Term, Time.FromMs(r.ExpiresAt), Time.FromMs(r.AcquiredAt)) : null;
    }
}
