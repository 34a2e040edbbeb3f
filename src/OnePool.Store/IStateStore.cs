using OnePool.Store.Records;

namespace OnePool.Store;

/// <summary>
/// OnePool's durable state. Every method that changes state commits before it returns, so whatever the broker
/// acknowledges survives a crash of any process. Implementations: SQLite (default) and, later, PostgreSQL.
/// </summary>
public interface IStateStore
{
    /// <summary>Creates or upgrades the schema (versioned, idempotent).</summary>
    Task MigrateAsync(CancellationToken cancellationToken);

    /// <summary>Finds a token by its hash.</summary>
    Task<TokenRecord?> FindTokenAsync(string hash, CancellationToken cancellationToken);

    /// <summary>True when some admin token exists.</summary>
    Task<bool> HasAdminTokenAsync(CancellationToken cancellationToken);

    /// <summary>Stores a token.</summary>
    Task AddTokenAsync(TokenRecord token, CancellationToken cancellationToken);

    /// <summary>Adds a tenant and its token; false when the name is taken.</summary>
    Task<bool> AddTenantAsync(TenantRecord tenant, TokenRecord? token, CancellationToken cancellationToken);

    /// <summary>All tenants by name, with their policies.</summary>
    Task<IReadOnlyList<TenantRecord>> ListTenantsAsync(CancellationToken cancellationToken);

    /// <summary>Writes a tenant's policy (nominal, borrowing limit, cohort, weight); false when there is no such tenant.</summary>
    Task<bool> UpdateTenantPolicyAsync(TenantRecord tenant, CancellationToken cancellationToken);

    /// <summary>Adds a site and its join token; false when the name is taken.</summary>
    Task<bool> AddSiteAsync(SiteRecord site, TokenRecord token, CancellationToken cancellationToken);

    /// <summary>All sites by name, with their settings.</summary>
    Task<IReadOnlyList<SiteRecord>> ListSitesAsync(CancellationToken cancellationToken);

    /// <summary>Writes a site's settings (labels, prices, draining, datasets, ingress, throughput); false when there is no such site.</summary>
    Task<bool> UpdateSiteSettingsAsync(SiteRecord site, CancellationToken cancellationToken);

    /// <summary>Writes a node's inventory.</summary>
    Task UpsertNodeAsync(NodeRecord node, CancellationToken cancellationToken);

    /// <summary>All nodes by id.</summary>
    Task<IReadOnlyList<NodeRecord>> ListNodesAsync(CancellationToken cancellationToken);

    /// <summary>Commits a new job (state pending) with a <c>submitted</c> event, or finds the job an earlier
    /// submission with the same tenant and idempotency key made.</summary>
    Task<(long Id, string State, bool Duplicate)> SubmitJobAsync(JobRecord job, string? idempotencyKey, CancellationToken cancellationToken);

    /// <summary>Commits several submissions in one transaction (group commit: one disk flush for many durable
    /// submissions), each as <see cref="SubmitJobAsync"/>; results in the same order.</summary>
    Task<IReadOnlyList<(long Id, string State, bool Duplicate)>> SubmitJobsAsync(
        IReadOnlyList<(JobRecord Job, string? IdempotencyKey)> jobs, CancellationToken cancellationToken);

    /// <summary>One job.</summary>
    Task<JobRecord?> GetJobAsync(long id, CancellationToken cancellationToken);

    /// <summary>Jobs newest first.</summary>
    Task<IReadOnlyList<JobRecord>> ListJobsAsync(JobQuery query, CancellationToken cancellationToken);

    /// <summary>A job's attempts (oldest first) and their replicas.</summary>
    Task<(IReadOnlyList<AttemptRecord> Attempts, IReadOnlyList<ReplicaRecord> Replicas)> GetAttemptsAsync(long jobId, CancellationToken cancellationToken);

    /// <summary>A job with its attempts, replicas and events, all read from one committed state (so they agree).
    /// Null when the job does not exist.</summary>
    Task<JobHistory?> GetJobHistoryAsync(long jobId, CancellationToken cancellationToken);

    /// <summary>A job's events, oldest first.</summary>
    Task<IReadOnlyList<EventRecord>> ListEventsAsync(long jobId, CancellationToken cancellationToken);

    /// <summary>Number of jobs per state.</summary>
    Task<IReadOnlyDictionary<string, long>> CountJobsByStateAsync(CancellationToken cancellationToken);

    /// <summary>Jobs waiting for a placement, oldest first. Without <paramref name="complete"/> only what a scheduling
    /// cycle reads is filled in (id, tenant, state, priority, submitted_at, reason, attempts, failures,
    /// cancel_requested, checkpoint_at, checkpoint_domain, not_before); <c>Spec</c>, <c>Name</c>, <c>Resources</c>,
    /// <c>Checkpoint</c> and <c>Progress</c> are left empty (a scheduler that keeps parsed specs need not read
    /// 100,000 documents every cycle; see <see cref="GetJobSpecsAsync"/>).</summary>
    Task<IReadOnlyList<JobRecord>> ListPendingJobsAsync(CancellationToken cancellationToken, bool complete = true);

    /// <summary>The stored specs of these jobs, by id (ids that do not exist are left out).</summary>
    Task<IReadOnlyDictionary<long, string>> GetJobSpecsAsync(IReadOnlyCollection<long> ids, CancellationToken cancellationToken);

    /// <summary>Replicas of attempts that are not final, on one node or on all when <paramref name="nodeId"/> is null.</summary>
    Task<IReadOnlyList<LiveReplicaRecord>> ListLiveReplicasAsync(string? nodeId, CancellationToken cancellationToken);

    /// <summary>Attempts that are dispatched, running or stopping, with their job's tenant, priority and spec, by id.</summary>
    Task<IReadOnlyList<LiveAttemptRecord>> ListLiveAttemptsAsync(CancellationToken cancellationToken);

    /// <summary>Attempts with an accelerator that were live at some time since <paramref name="since"/> (still live,
    /// or finished since then), for recent-usage accounting.</summary>
    Task<IReadOnlyList<AcceleratorUsageRecord>> ListAcceleratorUsageAsync(DateTimeOffset since, CancellationToken cancellationToken);

    /// <summary>Creates the attempts of one scheduling cycle and records why the others wait. Placements for jobs
    /// that are no longer pending (cancelled meanwhile) are skipped. Returns the attempts created.</summary>
    Task<IReadOnlyList<AttemptRecord>> CommitCycleAsync(IReadOnlyList<NewAttempt> attempts, IReadOnlyList<(long JobId, string Reason)> waiting, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Commits one scheduling cycle in one transaction: first the preemptions (each victim attempt that is
    /// still dispatched or running goes to stopping with stop cause <c>preempt</c> and a <c>preempted</c> event on its
    /// job), then the placements and the waiting reasons as in the overload without preemptions.
    /// With a <c>fence</c> (the leader's term, when several replicas share the store) the cycle commits only while
    /// that term still leads, else <see cref="LeadershipLostException"/> and nothing is written; null: unfenced.</summary>
    Task<CycleOutcome> CommitCycleAsync(
        IReadOnlyList<NewAttempt> attempts, IReadOnlyList<(long JobId, string Reason)> waiting, IReadOnlyList<NewPreemption> preemptions,
        DateTimeOffset now, CancellationToken cancellationToken, LeaderFence? fence = null);

    /// <summary>Applies an agent's replica reports for one node. Reports about replicas that are not assigned to
    /// that node or already ended are ignored (fencing). Attempt and job transitions follow.</summary>
    Task<IReadOnlyList<Transition>> ApplyReportsAsync(string nodeId, IReadOnlyList<ReplicaUpdate> updates, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Marks every live replica on the node lost; their attempts stop and their jobs requeue. Fenced like
    /// a scheduling cycle's commit when <c>fence</c> is given.</summary>
    Task<IReadOnlyList<Transition>> MarkNodeLostAsync(string nodeId, string reason, DateTimeOffset now, CancellationToken cancellationToken, LeaderFence? fence = null);

    /// <summary>One election round of replica <paramref name="replica"/> (advertised at <paramref name="url"/>): takes
    /// the leadership when nobody holds it, its lease has run out, or its holder was an earlier process at the same
    /// URL (term + 1); renews it when this replica holds it (same term); else leaves it. Also records the replica as
    /// alive. Returns the leadership after the round: this replica leads when it is the holder.
    /// With <c>takeOver</c> it takes the leadership even from a live holder (a SQLite store serves one broker: the
    /// newest process wins).</summary>
    Task<LeadershipRecord> ElectAsync(string replica, string url, TimeSpan lease, DateTimeOffset now, CancellationToken cancellationToken, bool takeOver = false);

    /// <summary>Gives the leadership up at once (if <paramref name="replica"/> holds it) and forgets the replica, so a
    /// standby takes over without waiting for the lease to run out. Used on a clean shutdown.</summary>
    Task ResignAsync(string replica, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Who leads, and every replica that took part in the election.</summary>
    Task<(LeadershipRecord? Leader, IReadOnlyList<BrokerReplicaRecord> Replicas)> GetLeadershipAsync(CancellationToken cancellationToken);

    /// <summary>Asks to cancel a job. A pending job is cancelled at once; a live one goes to cancelling.</summary>
    Task<(JobRecord? Job, IReadOnlyList<Transition> Transitions)> CancelJobAsync(long id, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Records checkpoints that replicas on the node marked, keeping per job only the newest. Reports for
    /// replicas not assigned to the node are ignored.</summary>
    Task RecordCheckpointsAsync(string nodeId, string storageDomain, IReadOnlyList<CheckpointMark> marks, CancellationToken cancellationToken);

    /// <summary>Attempts that ran at some point after <paramref name="since"/> (or still run), with the devices each held.</summary>
    Task<IReadOnlyList<(AttemptRecord Attempt, int Devices)>> ListAttemptsSinceAsync(DateTimeOffset since, CancellationToken cancellationToken);

    /// <summary>Sites and nodes being drained, with their deadlines (a small read for every scheduling cycle).</summary>
    Task<(IReadOnlyDictionary<string, long> Sites, IReadOnlyDictionary<string, long> Nodes)> ListDrainsAsync(CancellationToken cancellationToken);

    /// <summary>Drains a site (<paramref name="nodeId"/> null) or one node: no new work from now, and the work still
    /// running there is moved at <paramref name="deadline"/>. A null deadline undrains. False when the target is unknown.</summary>
    Task<bool> SetDrainAsync(string site, string? nodeId, DateTimeOffset? deadline, CancellationToken cancellationToken);

    /// <summary>Stores output uploads that continue exactly where the stored output ends; returns the next expected
    /// offset of each replica named.</summary>
    Task<IReadOnlyList<(long AttemptId, int Replica, long NextOffset)>> AppendLogsAsync(string nodeId, IReadOnlyList<LogWrite> writes, CancellationToken cancellationToken);

    /// <summary>Output of a job after a cursor, at most <paramref name="limit"/> chunks.</summary>
    Task<IReadOnlyList<LogRecord>> ReadLogsAsync(long jobId, long after, int limit, CancellationToken cancellationToken);
}
