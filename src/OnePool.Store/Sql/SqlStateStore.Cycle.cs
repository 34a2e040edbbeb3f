using System.Globalization;
using System.Text;
using System.Data.Common;
using System.Text.Json;
using Dapper;
using OnePool.Core.Jobs;
using OnePool.Store.Records;

namespace OnePool.Store.Sql;

// Committing a scheduling cycle: new attempts and pending reasons.
public abstract partial class SqlStateStore
{
    /// <inheritdoc/>
    public async Task<IReadOnlyList<AttemptRecord>> CommitCycleAsync(
        IReadOnlyList<NewAttempt> attempts, IReadOnlyList<(long JobId, string Reason)> waiting, DateTimeOffset now, CancellationToken cancellationToken) =>
        (await CommitCycleAsync(attempts, waiting, [], now, cancellationToken)).Created;

    /// <inheritdoc/>
    public Task<CycleOutcome> CommitCycleAsync(
        IReadOnlyList<NewAttempt> attempts, IReadOnlyList<(long JobId, string Reason)> waiting, IReadOnlyList<NewPreemption> preemptions,
        DateTimeOffset now, CancellationToken cancellationToken, LeaderFence? fence = null)
    {
        ArgumentNullException.ThrowIfNull(attempts);
        ArgumentNullException.ThrowIfNull(waiting);
        ArgumentNullException.ThrowIfNull(preemptions);
        if (attempts.Count == 0 && waiting.Count == 0 && preemptions.Count == 0)
        {
            return Task.FromResult(new CycleOutcome([], []));
        }

        var at = Time.ToMs(now);
        return WriteAsync(async (c, t) =>
        {
            await CheckFenceAsync(c, t, fence, at, cancellationToken);
            var preempted = new List<long>();
            foreach (var victim in preemptions)
            {
                if (await PreemptAsync(c, t, victim, at, cancellationToken))
                {
                    preempted.Add(victim.AttemptId);
                }
            }

            var created = new List<AttemptRecord>();
            foreach (var attempt in attempts)
            {
                var record = await CreateAttemptAsync(c, t, attempt, at, fence?.Term, cancellationToken);
                if (record is not null)
                {
                    created.Add(record);
                }
            }

            await WriteReasonsAsync(c, t, waiting, at, cancellationToken);

            return new CycleOutcome(created, preempted);
        }, cancellationToken);
    }

    /// <summary>Writes waiting reasons, a <c>waiting</c> event for each that changed: a few statements per
    /// <see cref="Batch"/> jobs rather than two per job (over a network every statement is a round trip).</summary>
    private async Task WriteReasonsAsync(DbConnection c, DbTransaction t, IReadOnlyList<(long JobId, string Reason)> waiting, long at, CancellationToken cancellationToken)
    {
        if (WritesRowByRow)
        {
            await WriteReasonsRowByRowAsync(c, t, waiting, at, cancellationToken);
            return;
        }

        foreach (var chunk in Chunks(waiting))
        {
            var args = new DynamicParameters();
            var cases = new StringBuilder();
            for (var i = 0; i < chunk.Length; i++)
            {
                args.Add($"i{i}", chunk[i].JobId);
                args.Add($"r{i}", chunk[i].Reason);
                cases.Append(CultureInfo.InvariantCulture, $" WHEN @i{i} THEN @r{i}");
            }

            var ids = string.Join(", ", Enumerable.Range(0, chunk.Length).Select(i => $"@i{i}"));
            // Only a changed reason is written, so an idle cycle writes nothing; RETURNING names the rows that changed.
            var changed = await c.QueryAsync<(long Id, string Reason)>(Cmd(
                $"UPDATE jobs SET reason = CASE id{cases} END WHERE id IN ({ids}) AND state = 'pending' "
                + $"AND (reason IS NULL OR reason <> CASE id{cases} END) RETURNING id, reason",
                args, t, cancellationToken));
            await AddEventsAsync(c, t, changed.Select(r => (r.Id, at, "waiting", r.Reason)).ToList(), cancellationToken);
        }
    }

    /// <summary>SQLite: one prepared UPDATE reused per job (a 64-way CASE costs 64 comparisons per row, and binding
    /// a parameter by name searches the statement's names, so wide statements cost quadratic time in-process).</summary>
    private static async Task WriteReasonsRowByRowAsync(DbConnection c, DbTransaction t, IReadOnlyList<(long JobId, string Reason)> waiting, long at, CancellationToken cancellationToken)
    {
        // Only a changed reason is written, so an idle cycle writes nothing.
        await using var update = new PreparedCommand(c, t,
            "UPDATE jobs SET reason = @r WHERE id = @i AND state = 'pending' AND (reason IS NULL OR reason <> @r)", "@i", "@r");
        await using var waited = new PreparedCommand(c, t,
            "INSERT INTO events (job_id, at, type, message) VALUES (@j, @a, 'waiting', @m)", "@j", "@a", "@m");
        foreach (var (jobId, text) in waiting)
        {
            if (await update.ExecuteAsync(cancellationToken, jobId, text) == 1)
            {
                await waited.ExecuteAsync(cancellationToken, jobId, at, text);
            }
        }
    }

    private static async Task<bool> PreemptAsync(DbConnection c, DbTransaction t, NewPreemption victim, long at, CancellationToken cancellationToken)
    {
        // The guard on state makes a victim that ended or is already stopping since the snapshot a no-op. Its
        // replicas leave their nodes' desired state, so the agents stop them; the attempt ends in SettleAttemptAsync.
        var changed = await c.ExecuteAsync(Cmd(
            """
            UPDATE attempts SET state = 'stopping', stop_cause = 'preempt', reason = @Reason
            WHERE id = @AttemptId AND job_id = @JobId AND state IN ('dispatched', 'running')
            """, victim, t, cancellationToken));
        if (changed == 0)
        {
            return false;
        }

        await AddEventAsync(c, t, victim.JobId, at, "preempted", victim.Reason);
        return true;
    }

    private static async Task<AttemptRecord?> CreateAttemptAsync(DbConnection c, DbTransaction t, NewAttempt attempt, long at, long? term, CancellationToken cancellationToken)
    {
        // The guard on state makes a placement for a job cancelled since the snapshot a no-op.
        var number = await c.ExecuteScalarAsync<long?>(Cmd(
            """
            UPDATE jobs SET state = 'scheduled', attempts = attempts + 1, site = @Site, reason = NULL
            WHERE id = @JobId AND state = 'pending' AND cancel_requested = 0
            RETURNING attempts
            """, attempt, t, cancellationToken));
        if (number is null)
        {
            return null;
        }

        var id = await c.ExecuteScalarAsync<long>(Cmd(
            """
            INSERT INTO attempts (job_id, number, state, site, accelerator, created_at, term)
            VALUES (@JobId, @number, 'dispatched', @Site, @Accelerator, @at, @term) RETURNING id
            """, new { attempt.JobId, number, attempt.Site, attempt.Accelerator, at, term }, t, cancellationToken));
        for (var i = 0; i < attempt.Replicas.Count; i++)
        {
            var r = attempt.Replicas[i];
            await c.ExecuteAsync(Cmd(
                """
                INSERT INTO replicas (attempt_id, idx, node_id, devices, cpu_millis, memory_mib, extended, state)
                VALUES (@id, @i, @NodeId, @devices, @CpuMillis, @MemoryMiB, @extended, 'assigned')
                """,
                new { id, i, r.NodeId, devices = JsonSerializer.Serialize(r.Devices, Json), r.CpuMillis, r.MemoryMiB, extended = JsonSerializer.Serialize(r.Extended, Json) },
                t, cancellationToken));
        }

        var nodes = string.Join(", ", attempt.Replicas.Select(r => r.NodeId).Distinct());
        var choice = attempt.Accelerator.Length > 0 ? $" with {attempt.Accelerator}" : "";
        await AddEventAsync(c, t, attempt.JobId, at, "scheduled", $"attempt {number} ({id}) dispatched to {attempt.Site}{choice} on {nodes}");
        return new AttemptRecord
        {
            Id = id, JobId = attempt.JobId, Number = number.Value, State = AttemptState.Dispatched.ToWord(),
            Site = attempt.Site, Accelerator = attempt.Accelerator, CreatedAt = at,
        };
    }
}
