using Dapper;
using OnePool.Store.Records;

namespace OnePool.Store.Sql;

// What live and recent attempts hold: the scheduler's running work and the tenants' recent usage.
public abstract partial class SqlStateStore
{
    /// <inheritdoc/>
    public Task<IReadOnlyList<LiveAttemptRecord>> ListLiveAttemptsAsync(CancellationToken cancellationToken) =>
        ReadAsync(async c => (IReadOnlyList<LiveAttemptRecord>)(await c.QueryAsync<LiveAttemptRecord>(Cmd(
            """
            SELECT a.id AS attempt_id, a.job_id, j.tenant, j.priority, j.spec, a.state, a.site, a.accelerator, a.created_at, a.stop_cause, j.checkpoint_at
            FROM attempts a JOIN jobs j ON j.id = a.job_id
            WHERE a.state IN ('dispatched', 'running', 'stopping')
            ORDER BY a.id
            """, null, null, cancellationToken))).AsList(), cancellationToken);

    /// <inheritdoc/>
    public Task<IReadOnlyList<AcceleratorUsageRecord>> ListAcceleratorUsageAsync(DateTimeOffset since, CancellationToken cancellationToken)
    {
        // Portable SQL only: the decay arithmetic is the caller's, so PostgreSQL runs the same statement.
        var after = Time.ToMs(since);
        return ReadAsync(async c => (IReadOnlyList<AcceleratorUsageRecord>)(await c.QueryAsync<AcceleratorUsageRecord>(Cmd(
            """
            SELECT a.id AS attempt_id, j.tenant, a.accelerator, a.created_at, a.started_at, a.finished_at,
                (SELECT COUNT(*) FROM replicas r WHERE r.attempt_id = a.id) AS replicas
            FROM attempts a JOIN jobs j ON j.id = a.job_id
            WHERE a.accelerator <> '' AND (a.finished_at IS NULL OR a.finished_at >= @after)
            ORDER BY a.id
            """, new { after }, null, cancellationToken))).AsList(), cancellationToken);
    }
}
