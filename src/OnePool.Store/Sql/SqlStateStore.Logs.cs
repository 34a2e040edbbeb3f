using Dapper;
using OnePool.Store.Records;

namespace OnePool.Store.Sql;

// Job output.
public abstract partial class SqlStateStore
{
    /// <inheritdoc/>
    public Task<IReadOnlyList<(long AttemptId, int Replica, long NextOffset)>> AppendLogsAsync(string nodeId, IReadOnlyList<LogWrite> writes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(writes);
        if (writes.Count == 0)
        {
            return Task.FromResult<IReadOnlyList<(long, int, long)>>([]);
        }

        return WriteAsync(async (c, t) =>
        {
            var acks = new Dictionary<(long, int), long>();
            foreach (var w in writes.OrderBy(w => w.AttemptId).ThenBy(w => w.Replica).ThenBy(w => w.Offset))
            {
                // Only the node the replica was assigned to may write its output.
                var jobId = await c.ExecuteScalarAsync<long?>(Cmd(
                    "SELECT a.job_id FROM replicas r JOIN attempts a ON a.id = r.attempt_id WHERE r.attempt_id = @AttemptId AND r.idx = @Replica AND r.node_id = @nodeId",
                    new { w.AttemptId, w.Replica, nodeId }, t, cancellationToken));
                if (jobId is null)
                {
                    acks[(w.AttemptId, w.Replica)] = w.Offset + w.Length; // unknown: acknowledge so the agent drops it
                    continue;
                }

                var next = await c.ExecuteScalarAsync<long?>(Cmd("SELECT next_offset FROM log_offsets WHERE attempt_id = @AttemptId AND replica = @Replica", w, t, cancellationToken)) ?? 0;
                if (w.Offset == next && w.Length > 0)
                {
                    await c.ExecuteAsync(Cmd("INSERT INTO logs (job_id, attempt_id, replica, data) VALUES (@jobId, @AttemptId, @Replica, @Data)", new { jobId, w.AttemptId, w.Replica, w.Data }, t, cancellationToken));
                    next += w.Length;
                    await c.ExecuteAsync(Cmd(
                        "INSERT INTO log_offsets (attempt_id, replica, next_offset) VALUES (@AttemptId, @Replica, @next) ON CONFLICT (attempt_id, replica) DO UPDATE SET next_offset = excluded.next_offset",
                        new { w.AttemptId, w.Replica, next }, t, cancellationToken));
                }

                acks[(w.AttemptId, w.Replica)] = next;
            }

            return (IReadOnlyList<(long, int, long)>)acks.Select(a => (a.Key.Item1, a.Key.Item2, a.Value)).ToList();
        }, cancellationToken);
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<LogRecord>> ReadLogsAsync(long jobId, long after, int limit, CancellationToken cancellationToken) =>
        ReadAsync(async c => (IReadOnlyList<LogRecord>)(await c.QueryAsync<LogRecord>(Cmd(
            "SELECT id, attempt_id, replica, data FROM logs WHERE job_id = @jobId AND id > @after ORDER BY id LIMIT @limit",
            new { jobId, after, limit = Math.Clamp(limit, 1, 10_000) }, null, cancellationToken))).AsList(), cancellationToken);
}
