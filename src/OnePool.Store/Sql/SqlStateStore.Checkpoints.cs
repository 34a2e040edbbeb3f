using Dapper;
using OnePool.Store.Records;

namespace OnePool.Store.Sql;

// Checkpoints jobs mark: only the newest per job is kept.
public abstract partial class SqlStateStore
{
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
            }

            return 0;
        }, cancellationToken);
    }
}
