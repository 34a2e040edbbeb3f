using OnePool.Core.Resources;
using OnePool.Scheduler.Decisions;
using OnePool.Scheduler.Snapshot;

namespace OnePool.Scheduler.Tests.Builders;

/// <summary>Builds a consistent snapshot: nodes, running work (whose resources it marks as used on the nodes),
/// pending jobs, sites and tenants. Time is fixed at <see cref="Now"/>.</summary>
internal sealed class PoolBuilder
{
    public static readonly DateTimeOffset Now = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly List<(string Site, string Name, string? Model, int Devices, int Cpu, long MemoryGi, Dictionary<string, string> Labels, bool Schedulable)> _nodes = [];
    private readonly List<RunningJob> _running = [];
    private readonly List<PendingJob> _pending = [];
    private readonly List<SiteSnapshot> _sites = [];
    private readonly List<TenantPolicy> _tenants = [];
    private long _attempts = 1000;

    public PoolBuilder Node(string site, string name, string? model = null, int devices = 0, int cpu = 64, long memoryGi = 512, bool schedulable = true, params (string Key, string Value)[] labels)
    {
        _nodes.Add((site, name, model, devices, cpu, memoryGi, labels.ToDictionary(l => l.Key, l => l.Value), schedulable));
        return this;
    }

    /// <summary>Adds <paramref name="count"/> identical nodes named <c>site-1</c>, <c>site-2</c>, ...</summary>
    public PoolBuilder Nodes(string site, int count, string? model = null, int devices = 0)
    {
        for (var i = 1; i <= count; i++)
        {
            Node(site, $"{site}-{i}", model, devices);
        }

        return this;
    }

    public PoolBuilder Site(SiteSnapshot site)
    {
        _sites.Add(site);
        return this;
    }

    public PoolBuilder Tenant(TenantPolicy tenant)
    {
        _tenants.Add(tenant);
        return this;
    }

    public PoolBuilder Pending(params PendingJob[] jobs)
    {
        _pending.AddRange(jobs);
        return this;
    }

    /// <summary>Runs <paramref name="job"/> with one replica per listed node (lowest free devices taken).</summary>
    public PoolBuilder Running(PendingJob job, string site, string? model, int count, TimeSpan startedAgo, TimeSpan? checkpointAgo = null, bool stopping = false, params string[] nodes)
    {
        var replicas = nodes.Select(n => new ReplicaPlacement($"{site}/{n}", FreeDevices($"{site}/{n}", count))).ToList();
        _running.Add(new RunningJob(++_attempts, job.JobId, job.Tenant, job.Priority, job.Requirements, site,
            model is null ? null : new AcceleratorRequest(model, count), replicas, Now - startedAgo)
        {
            LastCheckpointAt = checkpointAgo is { } c ? Now - c : null,
            Stopping = stopping,
        });
        return this;
    }

    public long LastAttemptId => _attempts;

    public SchedulingSnapshot Build()
    {
        var nodes = _nodes.Select(n =>
        {
            var id = $"{n.Site}/{n.Name}";
            var mine = _running.SelectMany(r => r.Replicas.Where(p => p.NodeId == id).Select(p => (r.Requirements, p.DeviceIndices))).ToList();
            var devices = Enumerable.Range(0, n.Devices).Select(i => new DeviceSnapshot(i, n.Model!, true)).ToList();
            return new NodeSnapshot(id, n.Site, n.Schedulable, n.Cpu * 1000, n.MemoryGi * 1024, devices,
                new Dictionary<string, long>(), n.Labels,
                new NodeUsage(mine.Sum(m => m.Requirements.CpuMillis), mine.Sum(m => m.Requirements.MemoryMiB),
                    mine.SelectMany(m => m.DeviceIndices).ToHashSet(), new Dictionary<string, long>()));
        }).ToList();
        return new SchedulingSnapshot(Now, nodes, _pending) { Running = _running, Sites = _sites, Tenants = _tenants };
    }

    private int[] FreeDevices(string nodeId, int count)
    {
        var used = _running.SelectMany(r => r.Replicas.Where(p => p.NodeId == nodeId).SelectMany(p => p.DeviceIndices)).ToHashSet();
        return Enumerable.Range(0, 64).Where(i => !used.Contains(i)).Take(count).ToArray();
    }
}
