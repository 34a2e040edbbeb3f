using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using OnePool.Agent.Execution;
using OnePool.Contracts.Agents;

namespace OnePool.Agent.Slurm;

/// <summary>
/// Every attempt this agent runs at its Slurm site. The node sessions hand it replicas; once all replicas of an
/// attempt are in, it looks the attempt up in Slurm (by job name) and submits it only when Slurm does not have it,
/// so a retried submission never makes a second Slurm job. It polls Slurm's jobs and turns their states into
/// replica starts and outcomes, and stops attempts with SIGTERM, then a cancel after the grace period.
/// </summary>
internal sealed partial class SlurmAttempts(SlurmRestClient client, SlurmSettings settings, string scope, string jobsDirectory, ExecutorContext context, TimeProvider time, ILogger logger)
{
    /// <summary>How long after its grace a cancelled job may take to end before it is sent SIGKILL.</summary>
    private static readonly TimeSpan KillAfter = TimeSpan.FromSeconds(60);

    private readonly Lock _lock = new();
    private readonly Dictionary<long, SlurmAttempt> _attempts = [];
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private IReadOnlyDictionary<string, (SlurmNodeInfo Slurm, AgentNode Node)> _nodes = new Dictionary<string, (SlurmNodeInfo, AgentNode)>();

    /// <summary>The latest inventory (to name GPU types and partitions in submissions).</summary>
    public void SetNodes(IReadOnlyList<(SlurmNodeInfo Slurm, AgentNode Node)> nodes) =>
        Volatile.Write(ref _nodes, nodes.ToDictionary(n => n.Node.Name, StringComparer.Ordinal));

    public T Read<T>(SlurmAttempt attempt, Func<SlurmAttempt, T> read)
    {
        lock (_lock)
        {
            return read(attempt);
        }
    }

    /// <summary>Takes one replica of an attempt from the node session OnePool assigned it to.</summary>
    public SlurmReplica Add(ReplicaAssignment assignment, string node, Action changed)
    {
        ArgumentNullException.ThrowIfNull(assignment);
        SlurmAttempt attempt;
        lock (_lock)
        {
            attempt = For(assignment.AttemptId, assignment.NumReplicas);
            if (assignment.ReplicaIndex < attempt.Assignments.Length)
            {
                attempt.Assignments[assignment.ReplicaIndex] = assignment;
                attempt.Nodes[assignment.ReplicaIndex] = node;
                attempt.Changed[assignment.ReplicaIndex] = changed;
            }
        }

        Wake();
        return new SlurmReplica(this, attempt, assignment, SlurmJobScript.OutputPath(jobsDirectory, assignment.AttemptId));
    }

    /// <summary>Reads the attempts this executor left in Slurm (before a restart), each replica for the node it was
    /// assigned to, so they are reported as running rather than lost.</summary>
    public IReadOnlyList<(string Node, SlurmReplica Replica)> Adopt(IReadOnlyList<SlurmJobInfo> jobs, Func<string, Action> changedFor)
    {
        ArgumentNullException.ThrowIfNull(jobs);
        var adopted = new List<(string, SlurmReplica)>();
        foreach (var job in jobs)
        {
            // Ended ones too: the broker may not have heard the end (it happened while the agent was away), and an
            // attempt it saw running that the new agent did not report would be declared lost and run again.
            if (SlurmJobScript.Parse(job, scope) is not { } tag)
            {
                continue;
            }

            lock (_lock)
            {
                var attempt = For(tag.AttemptId, tag.Nodes.Count);
                attempt.SlurmJobId = job.JobId;
                attempt.Seen = true;
                attempt.StartedAt = SlurmJobStates.Started(job) ? DateTimeOffset.FromUnixTimeSeconds(job.StartTime!.Value) : null;
                if (SlurmJobStates.Outcome(job, time.GetUtcNow(), null) is { } outcome)
                {
                    attempt.StartedAt ??= outcome.FinishedAt;
                    attempt.Outcome = outcome;
                    attempt.Ended.TrySetResult();
                }

                for (var i = 0; i < tag.Nodes.Count; i++)
                {
                    var assignment = new ReplicaAssignment(tag.AttemptId, tag.JobId, SlurmJobScript.JobName(scope, tag.AttemptId), i, tag.Nodes.Count,
                        [], null, new Dictionary<string, string>(), null, [], 0, 0, null, tag.StopGraceSeconds);
                    attempt.Assignments[i] = assignment;
                    attempt.Nodes[i] = tag.Nodes[i];
                    attempt.Changed[i] = changedFor(tag.Nodes[i]);
                    adopted.Add((tag.Nodes[i], new SlurmReplica(this, attempt, assignment, SlurmJobScript.OutputPath(jobsDirectory, tag.AttemptId))));
                }
            }

            Log.Adopted(logger, tag.AttemptId, job.JobId);
        }

        return adopted;
    }

    public Task StopAsync(SlurmAttempt attempt, string state, int? exitCode, string? message, TimeSpan grace, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(attempt);
        lock (_lock)
        {
            if (attempt.Outcome is null && attempt.Stop is null)
            {
                attempt.Stop = (state, exitCode, message);
                // Slurm applies its own KillWait after the cancel; SIGKILL only if the job outlives that by far.
                attempt.CancelAt = time.GetUtcNow() + grace + KillAfter;
                if (attempt.SlurmJobId is null)
                {
                    // Never submitted: nothing runs, so it has stopped.
                    End(attempt, new ReplicaOutcome(state, exitCode ?? 0, time.GetUtcNow(), message ?? "stopped before it was submitted to Slurm"));
                }
            }
        }

        Wake();
        return attempt.Ended.Task.WaitAsync(cancellationToken);
    }

    /// <summary>The broker has recorded a replica's end: once all replicas of the attempt are, it is dropped.</summary>
    public void Forget(ReplicaKey key)
    {
        lock (_lock)
        {
            if (_attempts.TryGetValue(key.AttemptId, out var attempt) && key.ReplicaIndex < attempt.Forgotten.Length)
            {
                attempt.Forgotten[key.ReplicaIndex] = true;
                if (attempt.Forgotten.All(f => f))
                {
                    _attempts.Remove(key.AttemptId);
                }
            }
        }
    }

    /// <summary>Submits, polls and stops until cancelled: every <see cref="SlurmSettings.JobPollInterval"/>, or at once
    /// when an attempt is complete or asked to stop.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await PumpAsync(cancellationToken);
            }
            catch (HttpRequestException e)
            {
                Log.Unreachable(logger, e.Message);
            }
            catch (SlurmRefusedException e)
            {
                Log.Unreachable(logger, e.Message);
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                Log.Unreachable(logger, "slurmrestd did not answer in time");
            }

            using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            try
            {
                await Task.WhenAny(Task.Delay(settings.JobPollInterval, time, wait.Token), _wake.Reader.ReadAsync(wait.Token).AsTask());
            }
            finally
            {
                await wait.CancelAsync();
            }
        }
    }

    /// <summary>One round: submit what is complete, read Slurm's jobs, apply their states, push stops along.</summary>
    public async Task PumpAsync(CancellationToken cancellationToken)
    {
        List<SlurmAttempt> live;
        lock (_lock)
        {
            live = [.. _attempts.Values.Where(a => a.Outcome is null)];
        }

        if (live.Count == 0)
        {
            return;
        }

        var jobs = await client.JobsAsync(cancellationToken);
        foreach (var attempt in live.Where(a => Read(a, x => x.SlurmJobId is null && x.Stop is null && x.Complete)))
        {
            await SubmitAsync(attempt, jobs, cancellationToken);
        }

        var byId = jobs.GroupBy(j => j.JobId).ToDictionary(g => g.Key, g => g.Last());
        foreach (var attempt in live)
        {
            await UpdateAsync(attempt, byId, cancellationToken);
        }
    }

    private async Task SubmitAsync(SlurmAttempt attempt, IReadOnlyList<SlurmJobInfo> jobs, CancellationToken cancellationToken)
    {
        var name = SlurmJobScript.JobName(scope, attempt.AttemptId);
        if (jobs.FirstOrDefault(j => j.Name == name) is { } existing)
        {
            // Submitted before (an answer lost on the way back, or a restart): never a second copy.
            lock (_lock)
            {
                attempt.SlurmJobId = existing.JobId;
                attempt.Seen = true;
            }

            Log.Found(logger, attempt.AttemptId, existing.JobId);
            return;
        }

        ReplicaAssignment[] replicas;
        string[] nodes;
        lock (_lock)
        {
            replicas = [.. attempt.Assignments.Select(a => a!)];
            nodes = [.. attempt.Nodes.Select(n => n!)];
        }

        var known = Volatile.Read(ref _nodes);
        if (!known.TryGetValue(nodes[0], out var node))
        {
            return; // inventory not read yet
        }

        var tag = new AttemptTag(attempt.AttemptId, replicas[0].JobId, nodes, replicas[0].StopGraceSeconds);
        try
        {
            var request = SlurmJobScript.Build(replicas, scope, tag, node.Node, node.Slurm.Gres, settings, jobsDirectory, context);
            var id = await client.SubmitAsync(request, cancellationToken);
            lock (_lock)
            {
                attempt.SlurmJobId = id;
            }

            Log.Submitted(logger, attempt.AttemptId, replicas[0].JobId, id, replicas.Length);
            Wake(); // read its state soon
        }
        catch (SlurmRefusedException e)
        {
            lock (_lock)
            {
                End(attempt, new ReplicaOutcome(ReplicaStates.Failed, ReplicaProcess.StartFailedExitCode, time.GetUtcNow(), $"Slurm refused the job: {e.Message}"));
            }

            Log.Refused(logger, attempt.AttemptId, e.Message);
        }
    }

    private async Task UpdateAsync(SlurmAttempt attempt, Dictionary<long, SlurmJobInfo> jobs, CancellationToken cancellationToken)
    {
        long? jobId;
        (string, int?, string?)? stop;
        bool cancel, kill;
        lock (_lock)
        {
            jobId = attempt.SlurmJobId;
            stop = attempt.Stop;
            if (jobId is null || attempt.Outcome is not null)
            {
                return;
            }

            var now = time.GetUtcNow();
            if (jobs.TryGetValue(jobId.Value, out var job))
            {
                attempt.Seen = true;
                if (attempt.StartedAt is null && SlurmJobStates.Started(job))
                {
                    attempt.StartedAt = DateTimeOffset.FromUnixTimeSeconds(job.StartTime!.Value);
                    attempt.NotifyAll();
                }

                if (job.RestartCount is > 0 && stop is null && SlurmJobStates.Outcome(job, now, null) is null)
                {
                    // Slurm requeued it itself (a node failed, or Slurm preempted it): REST v0.0.38 ignores
                    // requeue=false. OnePool requeues instead, possibly elsewhere, so the Slurm copy must go first.
                    attempt.Stop = (ReplicaStates.Lost, null,
                        $"Slurm requeued job {job.JobId} after a node failure or preemption; OnePool runs the attempt again instead");
                    attempt.CancelAt = now + KillAfter;
                }

                if (SlurmJobStates.Outcome(job, now, stop) is { } outcome)
                {
                    attempt.StartedAt ??= outcome.FinishedAt;
                    End(attempt, outcome);
                    return;
                }
            }
            else if (attempt.Seen)
            {
                // Slurm forgot it (it ended longer ago than MinJobAge while the agent was away): its end is unknown.
                End(attempt, new ReplicaOutcome(ReplicaStates.Lost, 0, now, $"Slurm no longer knows job {jobId}; its end is unknown"));
                return;
            }

            var length = File.Exists(SlurmJobScript.OutputPath(jobsDirectory, attempt.AttemptId))
                ? new FileInfo(SlurmJobScript.OutputPath(jobsDirectory, attempt.AttemptId)).Length : 0;
            if (length > attempt.OutputSeen)
            {
                attempt.OutputSeen = length;
                attempt.Changed[0]?.Invoke();
            }

            stop = attempt.Stop;
            cancel = stop is not null && !attempt.CancelSent;
            kill = stop is not null && !attempt.KillSent && now >= attempt.CancelAt;
            attempt.CancelSent |= cancel;
            attempt.KillSent |= kill;
        }

        if (cancel)
        {
            // Slurm's own cancel: SIGTERM to the job, SIGKILL after the cluster's KillWait (its grace period).
            await client.SignalAsync(jobId.Value, null, cancellationToken);
        }

        if (kill)
        {
            await client.SignalAsync(jobId.Value, "KILL", cancellationToken);
        }
    }

    private SlurmAttempt For(long attemptId, int replicas)
    {
        if (!_attempts.TryGetValue(attemptId, out var attempt))
        {
            attempt = new SlurmAttempt(attemptId, Math.Max(1, replicas));
            _attempts[attemptId] = attempt;
        }

        return attempt;
    }

    private static void End(SlurmAttempt attempt, ReplicaOutcome outcome)
    {
        attempt.Outcome = outcome;
        attempt.Ended.TrySetResult();
        attempt.NotifyAll();
    }

    private void Wake() => _wake.Writer.TryWrite(true);

    private static partial class Log
    {
        [LoggerMessage(300, LogLevel.Information, "slurm: attempt {AttemptId} of job {JobId} submitted as Slurm job {SlurmJobId} ({Replicas} node(s))")]
        public static partial void Submitted(ILogger logger, long attemptId, long jobId, long slurmJobId, int replicas);

        [LoggerMessage(301, LogLevel.Information, "slurm: attempt {AttemptId} is already Slurm job {SlurmJobId}; not submitting it again")]
        public static partial void Found(ILogger logger, long attemptId, long slurmJobId);

        [LoggerMessage(302, LogLevel.Information, "slurm: attempt {AttemptId} is Slurm job {SlurmJobId}, still running from before the agent started; reporting it")]
        public static partial void Adopted(ILogger logger, long attemptId, long slurmJobId);

        [LoggerMessage(303, LogLevel.Warning, "slurm: Slurm refused attempt {AttemptId}: {Reason}")]
        public static partial void Refused(ILogger logger, long attemptId, string reason);

        [LoggerMessage(304, LogLevel.Warning, "slurm: {Reason}; retrying")]
        public static partial void Unreachable(ILogger logger, string reason);
    }
}
