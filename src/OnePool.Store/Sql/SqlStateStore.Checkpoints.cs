using Dapper;
using OnePool.Store.Records;

namespace OnePool.Store.Sql;

// Checkpoints jobs mark (only the newest per job and per attempt is kept), and the attempts effective time is measured on.
public abstract partial class SqlStateStore
{
    /// <inheritdoc/>
    public Task<IReadOnlyList<(AttemptRecord Attempt, int Devices)>> ListAttemptsSinceAsync(DateTimeOffset since, CancellationToken cancellationToken) =>
        ReadAsync(async c =>
        {
            var after = Time.ToMs(since);
            var attempts = (await c.QueryAsync<AttemptRecord>(Cmd(
                "SELECT id, job_id, number, state, site, accelerator, created_at, started_at, finished_at, exit_code, reason, checkpoint_at FROM attempts WHERE finished_at IS NULL OR finished_at >= @after ORDER BY job_id, id",
                new { after }, null, cancellationToken))).AsList();
            var devices = (await c.QueryAsync<(long AttemptId, string Devices)>(Cmd(
                "SELECT r.attempt_id, r.devices FROM replicas r JOIN attempts a ON a.id = r.attempt_id WHERE a.finished_at IS NULL OR a.finished_at >= @after",
                new { after }, null, cancellationToken)))
                .GroupBy(r => r.AttemptId)
                .ToDictionary(g => g.Key, g => g.Sum(r => StoredJson.Devices(r.Devices).Length));
            return (IReadOnlyList<(AttemptRecord, int)>)attempts.Select(a => (a, devices.GetValueOrDefault(a.Id))).ToList();
        }, cancellationToken);

    /// <inheritdoc/>
    public Task RecordCheckpointsAsync(string nodeId, string storageDomain, IReadOnlyList<CheckpointMark> marks, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(marks);
        if (marks.Count == 0)
        {
            return Task.CompletedTask;
        }

        return WriteAsync(async (c, t) =>
        {
            foreach (var m in marks)
            {
                await c.ExecuteAsync(Cmd(
                    """
                    UPDATE jobs SET checkpoint = @Name, checkpoint_at = @at, checkpoint_domain = @storageDomain, progress = @Progress
                    WHERE id = (SELECT a.job_id FROM attempts a JOIN replicas r ON r.attempt_id = a.id
                                WHERE a.id = @AttemptId AND r.idx = @Replica AND r.node_id = @nodeId)
                      AND (checkpoint_at IS NULL OR checkpoint_at < @at OR (checkpoint_at = @at AND checkpoint <> @Name))
                    """, new { m.Name, at = Time.ToMs(m.At), storageDomain, m.Progress, m.AttemptId, m.Replica, nodeId }, t, cancellationToken));
                await c.ExecuteAsync(Cmd(
                    """
                    UPDATE attempts SET checkpoint_at = @at
                    WHERE id = @AttemptId AND (checkpoint_at IS NULL OR checkpoint_at < @at)
                      AND EXISTS (SELECT 1 FROM replicas r WHERE r.attempt_id = @AttemptId AND r.idx = @Replica AND r.node_id = @nodeId)
                    """, new { at = Time.ToMs(m.At), m.AttemptId, m.Replica, nodeId }, t, cancellationToken));
            }

            return 0;
        }, cancellationToken);
    }
}
