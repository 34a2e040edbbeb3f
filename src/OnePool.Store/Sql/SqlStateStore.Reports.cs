using System.Data.Common;
using Dapper;
using OnePool.Core.Jobs;
using OnePool.Store.Records;

namespace OnePool.Store.Sql;

// Agents' reports, lost nodes and cancels: everything that moves attempts and jobs forward.
public abstract partial class SqlStateStore
{
    /// <inheritdoc/>
    public Task<IReadOnlyList<Transition>> ApplyReportsAsync(string nodeId, IReadOnlyList<ReplicaUpdate> updates, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(updates);
        var at = Time.ToMs(now);
        return WriteAsync(async (c, t) =>
        {
            var transitions = new List<Transition>();
            foreach (var u in updates)
            {
                // Fencing: only a replica assigned to this node, of a live attempt, and not yet ended can change.
                var changed = await c.ExecuteAsync(Cmd(
                    """
                    UPDATE replicas SET state = @state, exit_code = @ExitCode,
                        started_at = COALESCE(started_at, @started), finished_at = @finished, message = @Message
                    WHERE attempt_id = @AttemptId AND idx = @Replica AND node_id = @nodeId
                      AND state IN ('assigned', 'running') AND state <> @state
                      AND attempt_id IN (SELECT id FROM attempts WHERE state IN ('dispatched', 'running', 'stopping'))
                    """,
                    new
                    {
                        state = u.State.ToWord(), u.ExitCode, started = u.StartedAt is { } s ? Time.ToMs(s) : (long?)null,
                        finished = u.FinishedAt is { } f ? Time.ToMs(f) : (u.State.IsFinal() ? at : (long?)null),
                        u.Message, u.AttemptId, u.Replica, nodeId,
                    }, t, cancellationToken));
                if (changed == 1)
                {
                    await SettleAttemptAsync(c, t, u.AttemptId, at, transitions, cancellationToken);
                }
            }

            return (IReadOnlyList<Transition>)transitions;
        }, cancellationToken);
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<Transition>> MarkNodeLostAsync(string nodeId, string reason, DateTimeOffset now, CancellationToken cancellationToken, LeaderFence? fence = null)
    {
        var at = Time.ToMs(now);
        return WriteAsync(async (c, t) =>
        {
            await CheckFenceAsync(c, t, fence, at, cancellationToken);
            var attemptIds = (await c.QueryAsync<long>(Cmd(
                """
                UPDATE replicas SET state = 'lost', finished_at = @at, message = @reason
                WHERE node_id = @nodeId AND state IN ('assigned', 'running')
                  AND attempt_id IN (SELECT id FROM attempts WHERE state IN ('dispatched', 'running', 'stopping'))
                RETURNING attempt_id
                """, new { nodeId, at, reason }, t, cancellationToken))).Distinct().ToList();
            var transitions = new List<Transition>();
            foreach (var attemptId in attemptIds)
            {
                await SettleAttemptAsync(c, t, attemptId, at, transitions, cancellationToken);
            }

            return (IReadOnlyList<Transition>)transitions;
        }, cancellationToken);
    }

    /// <inheritdoc/>
    public Task<(JobRecord? Job, IReadOnlyList<Transition> Transitions)> CancelJobAsync(long id, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var at = Time.ToMs(now);
        return WriteAsync(async (c, t) =>
        {
            var transitions = new List<Transition>();
            var job = await c.QuerySingleOrDefaultAsync<JobRecord>(Cmd($"SELECT {JobColumns} FROM jobs WHERE id = @id", new { id }, t, cancellationToken));
            if (job is null || States.Parse<JobState>(job.State).IsFinal() || job.CancelRequested == 1)
            {
                return (job, (IReadOnlyList<Transition>)transitions);
            }

            if (job.State == "pending")
            {
                await SetJobFinalAsync(c, t, id, JobState.Cancelled, null, "cancelled by user", at, cancellationToken);
                transitions.Add(new Transition(id, null, JobState.Cancelled, null));
            }
            else
            {
                await c.ExecuteAsync(Cmd("UPDATE jobs SET state = 'cancelling', cancel_requested = 1 WHERE id = @id", new { id }, t, cancellationToken));
                await AddEventAsync(c, t, id, at, "cancel-requested", "cancel requested; stopping the running attempt");
                transitions.Add(new Transition(id, null, JobState.Cancelling, null));
                var live = await c.QueryAsync<long>(Cmd("SELECT id FROM attempts WHERE job_id = @id AND state IN ('dispatched', 'running', 'stopping')", new { id }, t, cancellationToken));
                foreach (var attemptId in live.AsList())
                {
                    await SettleAttemptAsync(c, t, attemptId, at, transitions, cancellationToken);
                }
            }

            return (await c.QuerySingleAsync<JobRecord>(Cmd($"SELECT {JobColumns} FROM jobs WHERE id = @id", new { id }, t, cancellationToken)), (IReadOnlyList<Transition>)transitions);
        }, cancellationToken);
    }

    private static async Task SettleAttemptAsync(DbConnection c, DbTransaction t, long attemptId, long at, List<Transition> transitions, CancellationToken ct)
    {
        var attempt = await c.QuerySingleAsync<AttemptRecord>(Cmd("SELECT id, job_id, number, state, site, reason, stop_cause FROM attempts WHERE id = @attemptId", new { attemptId }, t, ct));
        var job = await c.QuerySingleAsync<JobRecord>(Cmd($"SELECT {JobColumns} FROM jobs WHERE id = @id", new { id = attempt.JobId }, t, ct));
        var replicas = (await c.QueryAsync<ReplicaRecord>(Cmd("SELECT idx, node_id, state, exit_code, message FROM replicas WHERE attempt_id = @attemptId ORDER BY idx", new { attemptId }, t, ct))).AsList();
        var current = States.Parse<AttemptState>(attempt.State);
        var next = AttemptLifecycle.Next(current, replicas.Select(r => States.Parse<ReplicaState>(r.State)).ToList(), CauseOf(job, attempt));
        if (next == current)
        {
            return;
        }

        transitions.Add(new Transition(job.Id, attemptId, null, next));
        if (next == AttemptState.Running)
        {
            await c.ExecuteAsync(Cmd("UPDATE attempts SET state = 'running', started_at = @at WHERE id = @attemptId", new { at, attemptId }, t, ct));
            if (job.State == "scheduled")
            {
                await c.ExecuteAsync(Cmd("UPDATE jobs SET state = 'running', started_at = @at WHERE id = @id", new { at, id = job.Id }, t, ct));
                await AddEventAsync(c, t, job.Id, at, "running", $"attempt {attempt.Number} running on {string.Join(", ", replicas.Select(r => r.NodeId).Distinct())}");
                transitions.Add(new Transition(job.Id, attemptId, JobState.Running, null));
            }

            return;
        }

        var (exitCode, reason) = next == AttemptState.Preempted
            ? (replicas.Find(r => r.ExitCode is not null)?.ExitCode, attempt.Reason ?? "preempted")
            : Outcome(next, replicas);
        if (next == AttemptState.Stopping)
        {
            await c.ExecuteAsync(Cmd("UPDATE attempts SET state = 'stopping', reason = @reason WHERE id = @attemptId", new { reason, attemptId }, t, ct));
            await AddEventAsync(c, t, job.Id, at, "stopping", $"attempt {attempt.Number} stopping: {reason}");
            return;
        }

        await c.ExecuteAsync(Cmd("UPDATE attempts SET state = @state, finished_at = @at, exit_code = @exitCode, reason = @reason WHERE id = @attemptId",
            new { state = next.ToWord(), at, exitCode, reason = next == AttemptState.Succeeded ? null : reason, attemptId }, t, ct));
        var retries = JobRetries(job);
        var (jobNext, counts) = AttemptLifecycle.JobAfter(next, (int)job.Failures, retries);
        var failures = job.Failures + (counts ? 1 : 0);
        transitions.Add(new Transition(job.Id, attemptId, jobNext, null));
        if (jobNext == JobState.Pending)
        {
            var delay = counts ? AttemptLifecycle.RetryDelay((int)failures) : TimeSpan.Zero;
            var why = counts
                ? $"retrying in {(int)delay.TotalSeconds} s after attempt {attempt.Number} failed: {reason} (retry {failures} of {retries})"
                : $"requeued: {reason}";
            if (!counts && next == AttemptState.Lost)
            {
                // Infrastructure failures do not use the retry budget, but a job lost again and again (a broken node
                // or site) must not be requeued in a tight loop: back off once it is a streak.
                var recent = await c.ExecuteScalarAsync<long>(Cmd(
                    "SELECT COUNT(*) FROM attempts WHERE job_id = @id AND state = 'lost' AND finished_at >= @since",
                    new { id = job.Id, since = at - (long)AttemptLifecycle.LostStreakWindow.TotalMilliseconds }, t, ct));
                delay = AttemptLifecycle.LostDelay((int)recent);
                if (delay > TimeSpan.Zero)
                {
                    why = $"requeued in {(int)delay.TotalSeconds} s: {reason} (lost {recent} times in {(int)AttemptLifecycle.LostStreakWindow.TotalMinutes} minutes)";
                }
            }

            await c.ExecuteAsync(Cmd("UPDATE jobs SET state = 'pending', failures = @failures, reason = @why, started_at = NULL, not_before = @notBefore WHERE id = @id",
                new { failures, why, notBefore = delay > TimeSpan.Zero ? at + (long)delay.TotalMilliseconds : (long?)null, id = job.Id }, t, ct));
            await AddEventAsync(c, t, job.Id, at, "requeued", why);
            return;
        }

        await c.ExecuteAsync(Cmd("UPDATE jobs SET failures = @failures WHERE id = @id", new { failures, id = job.Id }, t, ct));
        await SetJobFinalAsync(c, t, job.Id, jobNext, exitCode, jobNext == JobState.Succeeded ? null : reason, at, ct);
    }

    private static async Task SetJobFinalAsync(DbConnection c, DbTransaction t, long id, JobState state, long? exitCode, string? reason, long at, CancellationToken ct)
    {
        await c.ExecuteAsync(Cmd("UPDATE jobs SET state = @state, exit_code = @exitCode, reason = @reason, finished_at = @at WHERE id = @id",
            new { state = state.ToWord(), exitCode, reason, at, id }, t, ct));
        var message = state switch
        {
            JobState.Succeeded => "succeeded (exit 0)",
            JobState.Cancelled => "cancelled",
            _ => $"failed: {reason}",
        };
        await AddEventAsync(c, t, id, at, state.ToWord(), message);
    }

    /// <summary>Why the broker asked the attempt to stop: a cancel (on the job) wins over a preemption (on the attempt).</summary>
    private static StopCause CauseOf(JobRecord job, AttemptRecord attempt) =>
        job.CancelRequested == 1 ? StopCause.Cancel : attempt.StopCause == "preempt" ? StopCause.Preempt : StopCause.None;

    private static (long? ExitCode, string Reason) Outcome(AttemptState next, List<ReplicaRecord> replicas)
    {
        var failed = replicas.Find(r => r.State == "failed");
        var lost = replicas.Find(r => r.State == "lost");
        if (next == AttemptState.Cancelled || (next == AttemptState.Stopping && failed is null && lost is null))
        {
            return (replicas.Find(r => r.ExitCode is not null)?.ExitCode, "cancelled by user");
        }

        if (failed is not null)
        {
            var why = failed.Message ?? $"exited with code {failed.ExitCode}";
            return (failed.ExitCode, $"replica {failed.Idx} on {failed.NodeId} {(failed.Message is null ? why : "failed: " + why)}");
        }

        if (lost is not null)
        {
            return (null, $"replica {lost.Idx} lost: {lost.Message ?? "node lost"}");
        }

        var stopped = replicas.Find(r => r.State == "stopped");
        return next == AttemptState.Succeeded ? (0, "") : (stopped?.ExitCode, $"replica {stopped?.Idx} was stopped by its agent");
    }

    private static int JobRetries(JobRecord job)
    {
        var spec = System.Text.Json.JsonSerializer.Deserialize<Core.Specs.JobSpec>(job.Spec, Core.Specs.JobSpecReader.JsonOptions);
        return spec?.Retries ?? 0;
    }
}
