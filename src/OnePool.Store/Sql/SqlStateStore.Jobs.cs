using System.Data.Common;
using Dapper;
using OnePool.Store.Records;

namespace OnePool.Store.Sql;

// Submitting and reading jobs.
public abstract partial class SqlStateStore
{
    private const string JobColumns =
        "id, tenant, name, state, priority, spec, resources, submitted_at, started_at, finished_at, reason, exit_code, attempts, failures, site, cancel_requested, checkpoint, checkpoint_at, checkpoint_domain, progress, not_before";

    // What a scheduling cycle reads of every pending job, each cycle: the rest (spec, name, resources, checkpoint,
    // progress) is read once per job or not at all, and reading it for 20,000 waiting jobs every cycle cost more
    // than the submissions did.
    private const string SchedulerColumns =
        "id, tenant, state, priority, submitted_at, reason, attempts, failures, cancel_requested, checkpoint_at, checkpoint_domain, not_before";

    /// <inheritdoc/>
    public async Task<(long Id, string State, bool Duplicate)> SubmitJobAsync(JobRecord job, string? idempotencyKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        return (await SubmitJobsAsync([(job, idempotencyKey)], cancellationToken))[0];
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<(long Id, string State, bool Duplicate)>> SubmitJobsAsync(
        IReadOnlyList<(JobRecord Job, string? IdempotencyKey)> jobs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(jobs);
        return WriteAsync<IReadOnlyList<(long, string, bool)>>(async (c, t) =>
            WritesRowByRow ? await SubmitRowByRowAsync(c, t, jobs, cancellationToken) : await SubmitMultiRowAsync(c, t, jobs, cancellationToken),
            cancellationToken);
    }

    /// <summary>SQLite: look the keys up, then insert the new jobs and their events one prepared row at a time.</summary>
    private static async Task<(long Id, string State, bool Duplicate)[]> SubmitRowByRowAsync(
        DbConnection c, DbTransaction t, IReadOnlyList<(JobRecord Job, string? IdempotencyKey)> jobs, CancellationToken cancellationToken)
    {
        var results = new (long Id, string State, bool Duplicate)[jobs.Count];
        var known = await KnownKeysAsync(c, t, jobs, cancellationToken);
        var (fresh, repeats) = FirstOfEachKey(jobs, known.ContainsKey);
        for (var i = 0; i < jobs.Count; i++)
        {
            if (jobs[i].IdempotencyKey is { } key && known.TryGetValue((jobs[i].Job.Tenant, key), out var earlier))
            {
                results[i] = (earlier.Id, earlier.State, true);
            }
        }

        var ids = await InsertJobsRowByRowAsync(c, t, fresh.Select(i => jobs[i]).ToList(), cancellationToken);
        for (var k = 0; k < fresh.Count; k++)
        {
            results[fresh[k]] = (ids[k], "pending", false);
        }

        foreach (var (index, of) in repeats)
        {
            results[index] = (results[of].Id, results[of].State, true);
        }

        return results;
    }

    /// <summary>PostgreSQL: every statement is a round trip, so each chunk of jobs is one statement that inserts the
    /// jobs (a key already used is skipped by ON CONFLICT; writers are serialised, so that is the lookup) and their
    /// <c>submitted</c> events; only keys that were taken are then looked up. Three round trips per batch with the
    /// lock and the commit, five before.</summary>
    private static async Task<(long Id, string State, bool Duplicate)[]> SubmitMultiRowAsync(
        DbConnection c, DbTransaction t, IReadOnlyList<(JobRecord Job, string? IdempotencyKey)> jobs, CancellationToken cancellationToken)
    {
        var results = new (long Id, string State, bool Duplicate)[jobs.Count];
        var (fresh, repeats) = FirstOfEachKey(jobs, _ => false);
        var taken = new List<int>();
        foreach (var chunk in Chunks(fresh))
        {
            var inserted = await InsertJobsWithEventsAsync(c, t, chunk.Select(i => jobs[i]).ToList(), cancellationToken);
            var insertedKeys = inserted.Where(r => r.Key is not null).Select(r => (r.Tenant, r.Key!)).ToHashSet();
            // A single INSERT draws its ids in row order (writers are serialised), so the ids sorted are the inserted rows in order.
            var ids = inserted.Select(r => r.Id).Order().ToArray();
            var next = 0;
            foreach (var i in chunk)
            {
                if (jobs[i].IdempotencyKey is { } key && !insertedKeys.Contains((jobs[i].Job.Tenant, key)))
                {
                    taken.Add(i);
                }
                else
                {
                    results[i] = (ids[next++], "pending", false);
                }
            }
        }

        if (taken.Count > 0)
        {
            var known = await KnownKeysAsync(c, t, taken.Select(i => jobs[i]).ToList(), cancellationToken);
            foreach (var i in taken)
            {
                var (id, state) = known[(jobs[i].Job.Tenant, jobs[i].IdempotencyKey!)];
                results[i] = (id, state, true);
            }
        }

        foreach (var (index, of) in repeats)
        {
            results[index] = (results[of].Id, results[of].State, true);
        }

        return results;
    }

    /// <summary>The jobs to insert (in order), and the later ones repeating a key of an earlier one in the same batch
    /// (they get the first's job); <paramref name="known"/> says which keys already have a job.</summary>
    private static (List<int> Fresh, List<(int Index, int Of)> Repeats) FirstOfEachKey(
        IReadOnlyList<(JobRecord Job, string? IdempotencyKey)> jobs, Func<(string, string), bool> known)
    {
        var fresh = new List<int>(jobs.Count);
        var firstOfKey = new Dictionary<(string, string), int>();
        var repeats = new List<(int, int)>();
        for (var i = 0; i < jobs.Count; i++)
        {
            var (job, key) = jobs[i];
            if (key is null)
            {
                fresh.Add(i);
            }
            else if (known((job.Tenant, key)))
            {
                continue;
            }
            else if (firstOfKey.TryGetValue((job.Tenant, key), out var first))
            {
                repeats.Add((i, first));
            }
            else
            {
                firstOfKey[(job.Tenant, key)] = i;
                fresh.Add(i);
            }
        }

        return (fresh, repeats);
    }

    /// <summary>Whether a batch of rows is written one statement per row through one prepared command, reused with
    /// new values (SQLite: in-process, a statement costs microseconds and nothing is allocated per row), instead of
    /// multi-row statements (PostgreSQL: every statement is a network round trip).</summary>
    protected virtual bool WritesRowByRow => false;

    private static string SubmittedMessage(JobRecord job) => $"submitted by tenant {job.Tenant}: {job.Resources}";

    /// <summary>Inserts the jobs and their <c>submitted</c> events with two prepared commands; returns the ids in order.</summary>
    private static async Task<long[]> InsertJobsRowByRowAsync(DbConnection c, DbTransaction t, List<(JobRecord Job, string? Key)> jobs, CancellationToken cancellationToken)
    {
        await using var insert = new PreparedCommand(c, t,
            "INSERT INTO jobs (tenant, name, state, priority, spec, resources, submitted_at, idempotency_key) "
            + "VALUES (@t, @n, 'pending', @p, @s, @r, @a, @k) RETURNING id",
            "@t", "@n", "@p", "@s", "@r", "@a", "@k");
        await using var submitted = new PreparedCommand(c, t,
            "INSERT INTO events (job_id, at, type, message) VALUES (@j, @a, 'submitted', @m)", "@j", "@a", "@m");
        var ids = new long[jobs.Count];
        for (var i = 0; i < jobs.Count; i++)
        {
            var (job, key) = jobs[i];
            ids[i] = await insert.ScalarAsync(cancellationToken, job.Tenant, job.Name, job.Priority, job.Spec, job.Resources, job.SubmittedAt, key);
            await submitted.ExecuteAsync(cancellationToken, ids[i], job.SubmittedAt, SubmittedMessage(job));
        }

        return ids;
    }

    /// <summary>Jobs already submitted under the batch's idempotency keys, by (tenant, key).</summary>
    private static async Task<Dictionary<(string Tenant, string Key), (long Id, string State)>> KnownKeysAsync(
        DbConnection c, DbTransaction t, IReadOnlyList<(JobRecord Job, string? IdempotencyKey)> jobs, CancellationToken cancellationToken)
    {
        var known = new Dictionary<(string, string), (long, string)>();
        // Per tenant: the unique index is (tenant, idempotency_key), so a lookup by key alone scans the whole index
        // (every job ever submitted) on each batch; with the tenant it is one index search per key.
        foreach (var tenant in jobs.Where(j => j.IdempotencyKey is not null).GroupBy(j => j.Job.Tenant, StringComparer.Ordinal))
        {
            var keys = tenant.Select(j => j.IdempotencyKey!).Distinct(StringComparer.Ordinal).ToList();
            foreach (var chunk in Chunks(keys))
            {
                // Parameters spelled out: Dapper would hand Npgsql a string[] for "IN @list", which is not SQL.
                var args = new DynamicParameters();
                args.Add("tenant", tenant.Key);
                for (var i = 0; i < chunk.Length; i++)
                {
                    args.Add($"k{i}", chunk[i]);
                }

                var rows = await c.QueryAsync<(long Id, string State, string Key)>(Cmd(
                    $"SELECT id, state, idempotency_key FROM jobs WHERE tenant = @tenant AND idempotency_key IN ({string.Join(", ", Enumerable.Range(0, chunk.Length).Select(i => $"@k{i}"))})",
                    args, t, cancellationToken));
                foreach (var row in rows)
                {
                    known[(tenant.Key, row.Key)] = (row.Id, row.State);
                }
            }
        }

        return known;
    }

    /// <summary>One statement: a multi-row INSERT of the jobs (skipping a key the tenant already used) and of a
    /// <c>submitted</c> event for each inserted job; returns the inserted rows' ids, tenants and keys.</summary>
    private static async Task<List<(long Id, string Tenant, string? Key)>> InsertJobsWithEventsAsync(
        DbConnection c, DbTransaction t, List<(JobRecord Job, string? Key)> jobs, CancellationToken cancellationToken)
    {
        var args = new DynamicParameters();
        var rows = new List<string>(jobs.Count);
        for (var i = 0; i < jobs.Count; i++)
        {
            var (job, key) = jobs[i];
            args.Add($"t{i}", job.Tenant);
            args.Add($"n{i}", job.Name);
            args.Add($"p{i}", job.Priority);
            args.Add($"s{i}", job.Spec);
            args.Add($"r{i}", job.Resources);
            args.Add($"a{i}", job.SubmittedAt);
            args.Add($"k{i}", key);
            rows.Add($"(@t{i}, @n{i}, 'pending', @p{i}, @s{i}, @r{i}, @a{i}, @k{i})");
        }

        // The event's message is SubmittedMessage's text, built in SQL from the inserted row.
        return (await c.QueryAsync<(long, string, string?)>(Cmd(
            $"""
            WITH inserted AS (
                INSERT INTO jobs (tenant, name, state, priority, spec, resources, submitted_at, idempotency_key) VALUES {string.Join(", ", rows)}
                ON CONFLICT (tenant, idempotency_key) WHERE idempotency_key IS NOT NULL DO NOTHING
                RETURNING id, tenant, idempotency_key, resources, submitted_at),
            submitted AS (
                INSERT INTO events (job_id, at, type, message)
                SELECT id, submitted_at, 'submitted', 'submitted by tenant ' || tenant || ': ' || resources FROM inserted)
            SELECT id, tenant, idempotency_key FROM inserted
            """,
            args, t, cancellationToken))).AsList();
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
    public Task<IReadOnlyList<JobRecord>> ListPendingJobsAsync(CancellationToken cancellationToken, bool complete = true) =>
        ReadAsync(async c => (IReadOnlyList<JobRecord>)(await c.QueryAsync<JobRecord>(Cmd(
            $"SELECT {(complete ? JobColumns : SchedulerColumns)} FROM jobs WHERE state = 'pending' ORDER BY id",
            null, null, cancellationToken))).AsList(), cancellationToken);

    /// <inheritdoc/>
    public Task<IReadOnlyDictionary<long, string>> GetJobSpecsAsync(IReadOnlyCollection<long> ids, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ids);
        return ReadAsync<IReadOnlyDictionary<long, string>>(async c =>
        {
            var specs = new Dictionary<long, string>(ids.Count);
            foreach (var chunk in Chunks(ids.ToList()))
            {
                var args = new DynamicParameters();
                for (var i = 0; i < chunk.Length; i++)
                {
                    args.Add($"i{i}", chunk[i]);
                }

                foreach (var (id, spec) in await c.QueryAsync<(long, string)>(Cmd(
                    $"SELECT id, spec FROM jobs WHERE id IN ({string.Join(", ", Enumerable.Range(0, chunk.Length).Select(i => $"@i{i}"))})", args, null, cancellationToken)))
                {
                    specs[id] = spec;
                }
            }

            return specs;
        }, cancellationToken);
    }

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
