using OnePool.Agent.Checkpoints;
using OnePool.Agent.Execution;
using OnePool.Contracts.Agents;

namespace OnePool.Agent.Leasing;

/// <summary>
/// What the broker has heard from this agent: per replica, the last state it was sent, how far its output was sent,
/// and how far the broker acknowledged it. Builds each <see cref="LeaseRequest"/> and records each answer.
/// </summary>
/// <remarks>An ended replica is reported as ended only in a request whose upload reaches the end of its log, so the
/// broker has all output by the time it records the end and tells the agent to forget the replica.</remarks>
internal sealed class LeaseLedger
{
    /// <summary>WaitMillis of a request that carries nothing new (a long poll).</summary>
    public const int LongPollMillis = 10_000;

    private readonly Dictionary<ReplicaKey, Entry> _entries = [];

    /// <summary>Builds the next request from the replicas <paramref name="executor"/> holds now.</summary>
    public async Task<PreparedLease> PrepareAsync(IExecutor executor, AgentNode node, string agentInstance,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(executor);
        var reports = new List<ReplicaReport>();
        var uploads = new List<LogUpload>();
        var news = false;
        foreach (var replica in executor.Held)
        {
            if (!Reportable(replica))
            {
                continue;
            }

            var entry = EntryFor(replica.Key);
            var outcome = replica.Outcome;
            var length = replica.LogLength;
            var upload = length > entry.Acked
                ? await LogChunker.ReadAsync(replica.LogPath, replica.Key.AttemptId, replica.Key.ReplicaIndex, entry.Acked,
                    final: outcome is not null, cancellationToken)
                : null;
            if (upload is not null)
            {
                uploads.Add(upload);
            }

            var coversAll = entry.Acked + (upload?.Length ?? 0) >= length;
            var report = outcome is not null && coversAll
                ? new ReplicaReport(replica.Key.AttemptId, replica.Key.ReplicaIndex, outcome.State, outcome.ExitCode,
                    replica.StartedAt, outcome.FinishedAt, outcome.Message)
                : new ReplicaReport(replica.Key.AttemptId, replica.Key.ReplicaIndex, ReplicaStates.Running, null,
                    replica.StartedAt, null, null);
            var (checkpoint, at, progress) = CheckpointMarker.Read(executor.Context.CheckpointDirectory(replica.Assignment.JobId));
            report = report with { Checkpoint = checkpoint, CheckpointAt = at, Progress = progress };
            reports.Add(report);
            news |= report.State != entry.SentState || length > entry.SentUpTo;
        }

        var request = new LeaseRequest(node, reports, uploads, news ? 0 : LongPollMillis, agentInstance);
        return new PreparedLease(request);
    }

    /// <summary>Records that <paramref name="lease"/> reached the broker and what it acknowledged. Returns the keys
    /// whose end the broker has now heard of (only those may be forgotten when <c>Run</c> omits them).</summary>
    public IReadOnlySet<ReplicaKey> Commit(PreparedLease lease, LeaseResponse response)
    {
        ArgumentNullException.ThrowIfNull(lease);
        ArgumentNullException.ThrowIfNull(response);
        var endsHeard = new HashSet<ReplicaKey>();
        foreach (var report in lease.Request.Replicas)
        {
            var key = new ReplicaKey(report.AttemptId, report.ReplicaIndex);
            EntryFor(key).SentState = report.State;
            if (report.State != ReplicaStates.Running)
            {
                endsHeard.Add(key);
            }
        }

        foreach (var upload in lease.Request.Logs)
        {
            var entry = EntryFor(new ReplicaKey(upload.AttemptId, upload.ReplicaIndex));
            entry.SentUpTo = Math.Max(entry.SentUpTo, upload.Offset + upload.Length);
        }

        foreach (var ack in response.LogAcks ?? [])
        {
            if (_entries.TryGetValue(new ReplicaKey(ack.AttemptId, ack.ReplicaIndex), out var entry))
            {
                // Level-triggered: the broker's offset is the truth, also when it is lower than what was sent.
                entry.Acked = Math.Max(0, ack.NextOffset);
            }
        }

        return endsHeard;
    }

    /// <summary>True when some replica has a state or output the broker has not been sent yet.</summary>
    public bool HasUnsent(IExecutor executor)
    {
        ArgumentNullException.ThrowIfNull(executor);
        foreach (var replica in executor.Held)
        {
            if (!Reportable(replica))
            {
                continue;
            }

            var entry = EntryFor(replica.Key);
            var ended = replica.Outcome is not null;
            if (entry.SentState is null || ended != (entry.SentState != ReplicaStates.Running) || replica.LogLength > entry.SentUpTo)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A replica waiting to start (a Slurm job still pending) is not reported: the broker keeps it assigned,
    /// rather than counting the site's queue time as run time.</summary>
    private static bool Reportable(IReplica replica) => replica.StartedAt is not null || replica.Outcome is not null;

    /// <summary>Drops the bookkeeping of a forgotten replica.</summary>
    public void Remove(ReplicaKey key) => _entries.Remove(key);

    private Entry EntryFor(ReplicaKey key)
    {
        if (!_entries.TryGetValue(key, out var entry))
        {
            entry = new Entry();
            _entries[key] = entry;
        }

        return entry;
    }

    private sealed class Entry
    {
        public string? SentState { get; set; }

        public long SentUpTo { get; set; }

        public long Acked { get; set; }
    }
}

/// <summary>A request ready to send, kept to commit once the broker has answered it.</summary>
internal sealed record PreparedLease(LeaseRequest Request);
