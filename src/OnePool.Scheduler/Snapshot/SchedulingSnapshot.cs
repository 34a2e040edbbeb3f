using OnePool.Core.Specs;

namespace OnePool.Scheduler.Snapshot;

/// <summary>Everything one scheduling cycle looks at.</summary>
/// <param name="Now">The time of the cycle.</param>
/// <param name="Nodes">Every known node, with what is already allocated on it.</param>
/// <param name="Pending">Jobs waiting for a placement, in any order.</param>
public sealed record SchedulingSnapshot(DateTimeOffset Now, IReadOnlyList<NodeSnapshot> Nodes, IReadOnlyList<PendingJob> Pending)
{
    /// <summary>Attempts that hold resources now: for quota usage, preemption and backfill. Their resources are
    /// already counted in each node's <see cref="NodeSnapshot.Used"/>.</summary>
    public IReadOnlyList<RunningJob> Running { get; init; } = [];

    /// <summary>Sites' prices, state and data. A site without an entry has no price, is healthy and holds no datasets.</summary>
    public IReadOnlyList<SiteSnapshot> Sites { get; init; } = [];

    /// <summary>Tenants' queues: quotas, cohorts, fair-share weights and recent usage. A tenant without an entry
    /// has no quota limit and weight 1.</summary>
    public IReadOnlyList<TenantPolicy> Tenants { get; init; } = [];
}

/// <summary>A node as the scheduler sees it.</summary>
/// <param name="Id">Pool id, <c>site/name</c>.</param>
/// <param name="Site">Site name.</param>
/// <param name="Schedulable">False when the node must get no new work (not leasing, draining, unhealthy).</param>
/// <param name="CpuMillis">CPU capacity.</param>
/// <param name="MemoryMiB">Memory capacity.</param>
/// <param name="Devices">Accelerator devices.</param>
/// <param name="Extended">Extended resource capacities.</param>
/// <param name="Labels">Node labels (site labels merged in).</param>
/// <param name="Used">What live attempts hold on it.</param>
public sealed record NodeSnapshot(
    string Id, string Site, bool Schedulable, int CpuMillis, long MemoryMiB, IReadOnlyList<DeviceSnapshot> Devices,
    IReadOnlyDictionary<string, long> Extended, IReadOnlyDictionary<string, string> Labels, NodeUsage Used)
{
    /// <summary>The storage domain of the node's checkpoint root (nodes sharing one can resume each other's jobs).
    /// Default: null, the node alone.</summary>
    public string? StorageDomain { get; init; }
}

/// <summary>One accelerator device.</summary>
/// <param name="Index">Device index on its node.</param>
/// <param name="Model">Model name.</param>
/// <param name="Healthy">False for a faulty device, which gets no work.</param>
public sealed record DeviceSnapshot(int Index, string Model, bool Healthy);

/// <summary>Resources held on a node by live attempts.</summary>
/// <param name="CpuMillis">CPU held.</param>
/// <param name="MemoryMiB">Memory held.</param>
/// <param name="DeviceIndices">Devices held, by index.</param>
/// <param name="Extended">Extended resources held.</param>
public sealed record NodeUsage(int CpuMillis, long MemoryMiB, IReadOnlyCollection<int> DeviceIndices, IReadOnlyDictionary<string, long> Extended)
{
    /// <summary>Nothing held.</summary>
    public static NodeUsage None { get; } = new(0, 0, [], new Dictionary<string, long>());
}

/// <summary>A job waiting for a placement.</summary>
/// <param name="JobId">Job id.</param>
/// <param name="Tenant">Owner.</param>
/// <param name="Priority">Higher first.</param>
/// <param name="SubmittedAt">Ties in priority go first-come first-served.</param>
/// <param name="Requirements">What it needs.</param>
public sealed record PendingJob(long JobId, string Tenant, int Priority, DateTimeOffset SubmittedAt, JobRequirements Requirements)
{
    /// <summary>For a resumable job with a checkpoint: the storage domain holding it. Null otherwise.</summary>
    public string? CheckpointDomain { get; init; }

    /// <summary>Work the job would redo on a site that cannot reach its checkpoint (progress up to the checkpoint).</summary>
    public TimeSpan RedoElsewhere { get; init; }

    // What every cycle reads first from a pending job — need hash, tier, max runtime — worked out once per
    // requirements object and kept in the job itself, so a cycle over a long queue touches one object per job (the
    // queue walk is bound by memory latency, not arithmetic). Keyed on the requirements reference, so a `with` copy
    // that swaps the requirements recomputes. Concurrent cycles may fill it at once: they write the same values,
    // and _keysOf is published last.
    private JobRequirements? _keysOf;
    private ulong _need;
    private TimeSpan? _maxRuntime;
    private bool _preemptible;

    /// <summary><see cref="Explain.ShapeHash.Need"/> of the requirements.</summary>
    internal ulong NeedHash => EnsureKeys()._need;

    /// <summary>The requirements' max runtime.</summary>
    internal TimeSpan? MaxRuntime => EnsureKeys()._maxRuntime;

    /// <summary>The requirements' tier.</summary>
    internal bool Preemptible => EnsureKeys()._preemptible;

    /// <summary><see cref="Explain.ShapeHash.Ranking"/> of the requirements, worked out on first use (only the jobs a
    /// cycle really tries need it) and kept like the other keys.</summary>
    internal ulong RankingHash
    {
        get
        {
            var keys = Volatile.Read(ref _rankingKeys);
            if (keys is null || !ReferenceEquals(keys.Of, Requirements))
            {
                keys = new RankingKey(Requirements, Explain.ShapeHash.Ranking(Requirements));
                Volatile.Write(ref _rankingKeys, keys);
            }

            return keys.Hash;
        }
    }

    // One object, so a reader on another thread never pairs one requirements object with another's hash.
    private RankingKey? _rankingKeys;

    private sealed record RankingKey(JobRequirements Of, ulong Hash);

    /// <summary>Equality over the job's data, not the scheduler's cached keys.</summary>
    public bool Equals(PendingJob? other) =>
        other is not null && JobId == other.JobId && Tenant == other.Tenant && Priority == other.Priority
        && SubmittedAt == other.SubmittedAt && Equals(Requirements, other.Requirements)
        && CheckpointDomain == other.CheckpointDomain && RedoElsewhere == other.RedoElsewhere;

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(JobId, Tenant, Priority, SubmittedAt, Requirements, CheckpointDomain, RedoElsewhere);

    private PendingJob EnsureKeys()
    {
        if (!ReferenceEquals(Volatile.Read(ref _keysOf), Requirements))
        {
            _need = Explain.ShapeHash.Need(Requirements);
            _maxRuntime = Requirements.MaxRuntime;
            _preemptible = Requirements.Preemptible;
            Volatile.Write(ref _keysOf, Requirements);
        }

        return this;
    }
}
