using OnePool.Core.Resources;
using OnePool.Core.Specs;
using OnePool.Scheduler.Decisions;
using OnePool.Scheduler.Snapshot;
using OnePool.Simulator.Engine;

namespace OnePool.Simulator.Policies;

/// <summary>
/// Translates the simulated pool into the scheduler's snapshot and its decisions back. Nodes become
/// <see cref="NodeSnapshot"/>s with what their jobs hold; waiting jobs become <see cref="PendingJob"/>s of their
/// tenant with requirements built as a user would write them (the gang shape, every model of the pool in order of
/// the job type's speed, its own speeds, resumable, a max runtime equal to its remaining runtime on its first
/// choice, i.e. exact estimates as the backfill baseline gets); jobs holding devices become
/// <see cref="RunningJob"/>s. Only what changed since the last cycle is rebuilt: the scheduler keys its own
/// caches on these objects. CPU and memory are not modelled (jobs ask for none).
/// </summary>
internal sealed class SnapshotMapper
{
    /// <summary>Virtual time 0 as a date (any fixed date; only differences matter).</summary>
    public static readonly DateTimeOffset Epoch = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static readonly IReadOnlyDictionary<string, long> NoExtended = new Dictionary<string, long>();
    private static readonly IReadOnlyDictionary<string, string> NoLabels = new Dictionary<string, string>();

    private readonly Simulation _simulation;
    private readonly Dictionary<string, int> _nodeIndex = new(StringComparer.Ordinal);
    private readonly NodeSnapshot?[] _nodes;
    private readonly int[] _nodeVersions;
    private readonly IReadOnlyList<DeviceSnapshot>[] _devices;
    private readonly PendingJob?[] _pending;
    private readonly (int Attempt, double Done)[] _pendingKeys;
    private readonly JobRequirements?[] _startedWith;
    private readonly RunningJob?[] _running;
    private readonly IReadOnlyList<SiteSnapshot> _sites;

    public SnapshotMapper(Simulation simulation)
    {
        _simulation = simulation;
        var nodes = simulation.Nodes;
        _nodes = new NodeSnapshot?[nodes.Count];
        _nodeVersions = new int[nodes.Count];
        _devices = new IReadOnlyList<DeviceSnapshot>[nodes.Count];
        foreach (var node in nodes)
        {
            _nodeIndex[node.Spec.Id] = node.Index;
            _devices[node.Index] = [.. Enumerable.Range(0, node.Spec.Gpus).Select(i => new DeviceSnapshot(i, node.Spec.Model, true))];
        }

        _pending = new PendingJob?[simulation.Jobs.Count];
        _pendingKeys = new (int, double)[simulation.Jobs.Count];
        _startedWith = new JobRequirements?[simulation.Jobs.Count];
        _running = new RunningJob?[simulation.Jobs.Count];
        _sites = [.. simulation.Pool.Sites.Select(s => new SiteSnapshot(s.Name) { Prices = s.Prices })];
    }

    public SchedulingSnapshot Snapshot()
    {
        var sim = _simulation;
        var nodes = new NodeSnapshot[sim.Nodes.Count];
        foreach (var node in sim.Nodes)
        {
            nodes[node.Index] = Node(node);
        }

        var pending = new List<PendingJob>(sim.Pending.Count);
        foreach (var index in sim.Pending)
        {
            pending.Add(Pending(sim.Jobs[index]));
        }

        var running = new List<RunningJob>(sim.Holding.Count);
        foreach (var index in sim.Holding)
        {
            running.Add(Running(sim.Jobs[index]));
        }

        return new SchedulingSnapshot(At(sim.Now), nodes, pending) { Running = running, Sites = _sites };
    }

    public SimJob JobOf(long jobId) => _simulation.Jobs[(int)(jobId - 1)];

    /// <summary>The placement's replicas as node indices and device masks.</summary>
    public List<(int Node, ulong Devices)> Replicas(Placement placement)
    {
        ArgumentNullException.ThrowIfNull(placement);
        return [.. placement.Replicas.Select(r => (_nodeIndex[r.NodeId], r.DeviceIndices.Aggregate(0UL, (mask, i) => mask | (1UL << i))))];
    }

    /// <summary>Records what a started job runs with: its requirements, with the max runtime it has on the model it
    /// got (restart delay included), so backfill sees its true end.</summary>
    public void Started(SimJob job)
    {
        ArgumentNullException.ThrowIfNull(job);
        var requirements = Requirements(job);
        _startedWith[job.Index] = requirements with
        {
            MaxRuntime = TimeSpan.FromSeconds(job.AttemptStart - job.Dispatched + (job.Remaining / job.Speed)),
        };
        _running[job.Index] = null;
    }

    private static DateTimeOffset At(double seconds) => Epoch.AddTicks((long)Math.Round(seconds * TimeSpan.TicksPerSecond));

    private NodeSnapshot Node(SimNode node)
    {
        if (_nodes[node.Index] is { } cached && _nodeVersions[node.Index] == node.Version)
        {
            return cached;
        }

        var used = new List<int>();
        for (var i = 0; i < node.Spec.Gpus; i++)
        {
            if ((node.Used & (1UL << i)) != 0)
            {
                used.Add(i);
            }
        }

        var snapshot = new NodeSnapshot(node.Spec.Id, node.Spec.Site, node.Up, node.Spec.CpuMillis, node.Spec.MemoryMiB,
            _devices[node.Index], NoExtended, NoLabels, new NodeUsage(0, 0, used, NoExtended))
        {
            StorageDomain = node.Spec.StorageDomain ?? node.Spec.Site,
        };
        _nodes[node.Index] = snapshot;
        _nodeVersions[node.Index] = node.Version;
        return snapshot;
    }

    private PendingJob Pending(SimJob job)
    {
        var key = (job.Attempt, job.DoneWork);
        if (_pending[job.Index] is { } cached && _pendingKeys[job.Index] == key)
        {
            return cached;
        }

        var pending = new PendingJob(job.Index + 1, job.Trace.Tenant, 0, At(job.Trace.SubmitSeconds), Requirements(job))
        {
            CheckpointDomain = job.CheckpointDomain,
            RedoElsewhere = TimeSpan.FromSeconds(job.DoneWork),
        };
        _pending[job.Index] = pending;
        _pendingKeys[job.Index] = key;
        return pending;
    }

    private RunningJob Running(SimJob job)
    {
        var stopping = job.Phase != JobPhase.Running;
        if (_running[job.Index] is { } cached && cached.Stopping == stopping)
        {
            return cached;
        }

        var replicas = job.Allocation.Select(a => new ReplicaPlacement(_simulation.Nodes[a.Node].Spec.Id, Indices(a.Devices))).ToList();
        var requirements = _startedWith[job.Index] ?? Requirements(job);
        var running = new RunningJob(((long)(job.Index + 1) << 16) | (uint)job.Attempt, job.Index + 1, job.Trace.Tenant, 0, requirements,
            _simulation.Pool.Sites[job.Site].Name, new AcceleratorRequest(job.Model, job.PerReplica), replicas, At(job.Dispatched))
        {
            Stopping = stopping,
            LastCheckpointAt = At(job.AttemptStart),
        };
        _running[job.Index] = running;
        return running;
    }

    private JobRequirements Requirements(SimJob job)
    {
        var models = _simulation.Pool.Models
            .Select((m, order) => (Model: m, Order: order, Speed: _simulation.SpeedOf(job, m)))
            .OrderByDescending(m => m.Speed).ThenBy(m => m.Order).ToList();
        var first = models.Count > 0 ? models[0].Speed : 1;
        return new JobRequirements(job.Replicas, 0, 0, [.. models.Select(m => new AcceleratorRequest(m.Model, job.PerReplica))],
            NoExtended, [], NoLabels)
        {
            Workload = WorkloadClass.Training,
            Resumable = true,
            MaxRuntime = TimeSpan.FromSeconds(job.Remaining / first),
            Throughput = models.ToDictionary(m => m.Model, m => m.Speed, StringComparer.OrdinalIgnoreCase),
        };
    }

    private static List<int> Indices(ulong mask)
    {
        var list = new List<int>();
        for (var i = 0; mask != 0; i++, mask >>= 1)
        {
            if ((mask & 1) != 0)
            {
                list.Add(i);
            }
        }

        return list;
    }
}
