using Dapper;
using OnePool.Store.Records;

namespace OnePool.Store.Sql;

// Submitting and reading jobs.
public abstract partial class SqlStateStore
{
    private const string JobColumns =
        "id, tenant, name, state, priority, spec, resources, submitted_at, started_at, finished_at, reason, exit_code, attempts, failures, site, cancel_requested, checkpoint, checkpoint_at, checkpoint_domain, progress, not_before";

    /// <inheritdoc/>
    public Task<(long Id, string State, bool Duplicate)> SubmitJobAsync(JobRecord job, string? idempotencyKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        return WriteAsync(async (c, t) =>
        {
            if (idempotencyKey is not null)
            {
                var earlier = await c.QuerySingleOrDefaultAsync<JobRecord>(Cmd(
                    $"SELECT {JobColumns} FROM jobs WHERE tenant = @tenant AND idempotency_key = @key",
                    new { tenant = job.Tenant, key = idempotencyKey }, t, cancellationToken));
                if (earlier is not null)
                {
                    return (earlier.Id, earlier.State, true);
                }
            }

            var id = await c.ExecuteScalarAsync<long>(Cmd(
                """
                INSERT INTO jobs (tenant, name, state, priority, spec, resources, submitted_at, idempotency_key)
                VALUES (@Tenant, @Name, 'pending', @Priority, @Spec, @Resources, @SubmittedAt, @key)
                RETURNING id
                """, new { job.Tenant, job.Name, job.Priority, job.Spec, job.Resources, job.SubmittedAt, key = idempotencyKey }, t, cancellationToken));
            await AddEventAsync(c, t, id, job.SubmittedAt, "submitted", $"submitted by tenant {job.Tenant}: {job.Resources}");
            return (id, "pending", false);
        }, cancellationToken);
    }

    /// <inheritdoc/>
    public Task<JobRecord?> GetJobAsync(long id, CancellationToken cancellationToken) =>
        ReadAsync(c => c.QuerySingleOrDefaultAsync<JobRecord>(Cmd($"SELECT {JobColumns} FROM jobs WHERE id = @id", new { id }, null, cancellationToken)), cancellationToken);

    /// <inheritdoc/>
    public Task<IReadOnlyList<JobRecord>> ListJobsAsync(JobQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var where = new List<string>();
        if (query.Tenant is not null)
        {
            where.Add("tenant = @tenant");
        }

        if (query.States.Count > 0)
        {
            where.Add("state IN @states");
        }

        if (query.FinishedSince is not null)
        {
            where.Add("(finished_at IS NULL OR finished_at >= @since)");
        }

        var sql = $"SELECT {JobColumns} FROM jobs {(where.Count > 0 ? "WHERE " + string.Join(" AND ", where) : "")} ORDER BY id DESC LIMIT @limit";
        var args = new { tenant = query.Tenant, states = query.States, since = query.FinishedSince is { } s ? Time.ToMs(s) : 0, limit = Math.Clamp(query.Limit, 1, 10_000) };
        return ReadAsync(async c => (IReadOnlyList<JobRecord>)(await c.QueryAsync<JobRecord>(Cmd(sql, args, null, cancellationToken))).AsList(), cancellationToken);
    }

    /// <inheritdoc/>
    public Task<(IReadOnlyList<AttemptRecord> Attempts, IReadOnlyList<ReplicaRecord> Replicas)> GetAttemptsAsync(long jobId, CancellationToken cancellationToken) =>
        SnapshotReadAsync(c => AttemptsAsync(c, jobId, cancellationToken), cancellationToken);

    /// <inheritdoc/>
    public Task<JobHistory?> GetJobHistoryAsync(long jobId, CancellationToken cancellationToken) =>
        SnapshotReadAsync(async c =>
        {
            var job = await c.QuerySingleOrDefaultAsync<JobRecord>(Cmd($"SELECT {JobColumns} FROM jobs WHERE id = @jobId", new { jobId }, null, cancellationToken));
            if (job is null)
            {
                return null;
            }

            var (attempts, replicas) = await AttemptsAsync(c, jobId, cancellationToken);
            var events = (await c.QueryAsync<EventRecord>(Cmd(
                "SELECT job_id, at, type, message FROM events WHERE job_id = @jobId ORDER BY id", new { jobId }, null, cancellationToken))).AsList();
            return new JobHistory(job, attempts, replicas, events);
        }, cancellationToken);

    private static async Task<(IReadOnlyList<AttemptRecord> Attempts, IReadOnlyList<ReplicaRecord> Replicas)> AttemptsAsync(
        System.Data.Common.DbConnection c, long jobId, CancellationToken cancellationToken)
    {
        var attempts = (await c.QueryAsync<AttemptRecord>(Cmd(
            "SELECT id, job_id, number, state, site, accelerator, created_at, started_at, finished_at, exit_code, reason, checkpoint_at, term FROM attempts WHERE job_id = @jobId ORDER BY id",
            new { jobId }, null, cancellationToken))).AsList();
        var replicas = (await c.QueryAsync<ReplicaRecord>(Cmd(
            """
            SELECT r.attempt_id, r.idx, r.node_id, r.devices, r.cpu_millis, r.memory_mib, r.extended, r.state, r.exit_code, r.started_at, r.finished_at, r.message
            FROM replicas r JOIN attempts a ON a.id = r.attempt_id WHERE a.job_id = @jobId ORDER BY r.attempt_id, r.idx
            """, new { jobId }, null, cancellationToken))).AsList();
        return (attempts, replicas);
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<EventRecord>> ListEventsAsync(long jobId, CancellationToken cancellationToken) =>
        ReadAsync(async c => (IReadOnlyList<EventRecord>)(await c.QueryAsync<EventRecord>(Cmd(
            "SELECT job_id, at, type, message FROM events WHERE job_id = @jobId ORDER BY id", new { jobId }, null, cancellationToken))).AsList(), cancellationToken);

    /// <inheritdoc/>
    public Task<IReadOnlyDictionary<string, long>> CountJobsByStateAsync(CancellationToken cancellationToken) =>
        ReadAsync(async c => (IReadOnlyDictionary<string, long>)(await c.QueryAsync<(string State, long Count)>(Cmd(
            "SELECT state, COUNT(*) FROM jobs GROUP BY state", null, null, cancellationToken))).ToDictionary(r => r.State, r => r.Count), cancellationToken);

    /// <inheritdoc/>
    public Task<IReadOnlyList<JobRecord>> ListPendingJobsAsync(CancellationToken cancellationToken) =>
        ReadAsync(async c => (IReadOnlyList<JobRecord>)(await c.QueryAsync<JobRecord>(Cmd(
            $"SELECT {JobColumns} FROM jobs WHERE state = 'pending' ORDER BY id", null, null, cancellationToken))).AsList(), cancellationToken);

    /// <inheritdoc/>
    public Task<IReadOnlyList<LiveReplicaRecord>> ListLiveReplicasAsync(string? nodeId, CancellationToken cancellationToken) =>
        ReadAsync(async c => (IReadOnlyList<LiveReplicaRecord>)(await c.QueryAsync<LiveReplicaRecord>(Cmd(
            """
            SELECT r.attempt_id, a.state AS attempt_state, a.job_id, r.idx, r.node_id, r.devices, r.cpu_millis, r.memory_mib, r.extended, r.state
            FROM replicas r JOIN attempts a ON a.id = r.attempt_id
            WHERE a.state IN ('dispatched', 'running', 'stopping') AND (@nodeId IS NULL OR r.node_id = @nodeId)
            ORDER BY r.attempt_id, r.idx
            """, new { nodeId }, null, cancellationToken))).AsList(), cancellationToken);
}
