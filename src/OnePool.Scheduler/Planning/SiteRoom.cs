using System.Globalization;
using OnePool.Core.Resources;
using OnePool.Core.Specs;
using OnePool.Scheduler.Decisions;
using OnePool.Scheduler.Snapshot;

namespace OnePool.Scheduler.Planning;

/// <summary>
/// The nodes of one site that could ever hold a replica of a job with one accelerator choice, and their free room:
/// built from the snapshot, then given back what running work releases as it ends. Answers "how many replicas fit
/// now" by counting whole replicas per node, as the gang placer packs them (a gang never spans sites).
/// </summary>
internal sealed class SiteRoom
{
    private readonly JobRequirements _job;
    private readonly AcceleratorRequest? _choice;
    private readonly List<NodeSnapshot> _nodes = [];
    private readonly Dictionary<string, int> _byId = new(StringComparer.Ordinal);
    private readonly List<(int Devices, long Cpu, long Memory, Dictionary<string, long> Extended)> _free = [];

    private SiteRoom(JobRequirements job, AcceleratorRequest? choice)
    {
        _job = job;
        _choice = choice;
    }

    /// <summary>Healthy devices of the choice's model on the eligible nodes.</summary>
    public int TotalDevices { get; private set; }

    /// <summary>The room for the job at a site, or why the site can never hold it with this choice (its nodes are
    /// judged empty, so a reason here does not go away by waiting).</summary>
    public static (SiteRoom? Room, string? Excluded) Build(IEnumerable<NodeSnapshot> siteNodes, JobRequirements job, AcceleratorRequest? choice)
    {
        var room = new SiteRoom(job, choice);
        var ready = siteNodes.Where(n => n.Schedulable).ToList();
        if (choice is not null)
        {
            if (!siteNodes.Any(n => n.Devices.Any(d => Same(d.Model, choice.Model))))
            {
                return (null, $"has no {choice.Model}");
            }

            ready = [.. ready.Where(n => Healthy(n, choice.Model) > 0)];
            if (ready.Count == 0)
            {
                return (null, $"no ready node has a healthy {choice.Model}");
            }

            var most = ready.Max(n => Healthy(n, choice.Model));
            ready = [.. ready.Where(n => Healthy(n, choice.Model) >= choice.Count)];
            if (ready.Count == 0)
            {
                return (null, $"largest ready node has {most} x {choice.Model}; needs {choice.Count} per replica");
            }
        }
        else if (ready.Count == 0)
        {
            return (null, "no ready nodes");
        }

        var what = choice is null ? "no ready node" : $"no node with {choice.Count} x {choice.Model}";
        ready = [.. ready.Where(n => job.NodeLabels.All(l => n.Labels.TryGetValue(l.Key, out var v) && v == l.Value))];
        if (ready.Count == 0)
        {
            return (null, $"{what} is labelled {string.Join(",", job.NodeLabels.Select(l => $"{l.Key}={l.Value}"))}");
        }

        var sized = ready.Where(n => n.CpuMillis >= job.CpuMillis && n.MemoryMiB >= job.MemoryMiB).ToList();
        if (sized.Count == 0)
        {
            var cpu = ready.Max(n => n.CpuMillis);
            var memory = ready.Max(n => n.MemoryMiB);
            return (null, $"{what} has {Quantity.FormatCpu(job.CpuMillis)} cpu and {Quantity.FormatMemory(job.MemoryMiB)} (most: {Quantity.FormatCpu(cpu)} cpu, {Quantity.FormatMemory(memory)})");
        }

        sized = [.. sized.Where(n => job.Extended.All(e => Extended(n.Extended, e.Key) >= e.Value))];
        if (sized.Count == 0)
        {
            return (null, $"{what} has {string.Join(", ", job.Extended.Select(e => $"{e.Key}:{e.Value}"))}");
        }

        foreach (var node in sized)
        {
            room._byId[node.Id] = room._nodes.Count;
            room._nodes.Add(node);
            var devices = choice is null ? 0 : Healthy(node, choice.Model);
            room.TotalDevices += devices;
            room._free.Add((devices, node.CpuMillis, node.MemoryMiB, new Dictionary<string, long>(node.Extended, StringComparer.OrdinalIgnoreCase)));
        }

        var most2 = room.ReplicasThatFit();
        if (most2 < job.Replicas)
        {
            var of = choice is null ? "" : $" with {choice.Count} x {choice.Model} each";
            return (null, $"a gang of {job.Replicas} replicas{of} is larger than the site (at most {most2.ToString(CultureInfo.InvariantCulture)} fit); a gang never spans sites");
        }

        foreach (var node in room._nodes)
        {
            room.Take(node.Id, node.Used.DeviceIndices, node.Used.CpuMillis, node.Used.MemoryMiB, node.Used.Extended);
        }

        return (room, null);
    }

    /// <summary>True when every replica fits in the free room now.</summary>
    public bool Fits => ReplicasThatFit() >= _job.Replicas;

    /// <summary>Takes what a placement holds on this site's nodes.</summary>
    public void Take(IReadOnlyList<ReplicaPlacement> replicas, JobRequirements holder)
    {
        foreach (var r in replicas)
        {
            Take(r.NodeId, r.DeviceIndices, holder.CpuMillis, holder.MemoryMiB, holder.Extended);
        }
    }

    /// <summary>Gives back what ending work held on this site's nodes.</summary>
    public void Release(IReadOnlyList<ReplicaPlacement> replicas, JobRequirements holder)
    {
        foreach (var r in replicas)
        {
            Change(r.NodeId, r.DeviceIndices, holder.CpuMillis, holder.MemoryMiB, holder.Extended, +1);
        }
    }

    private void Take(string nodeId, IEnumerable<int> devices, long cpu, long memory, IReadOnlyDictionary<string, long> extended) =>
        Change(nodeId, devices, cpu, memory, extended, -1);

    private void Change(string nodeId, IEnumerable<int> devices, long cpu, long memory, IReadOnlyDictionary<string, long> extended, int sign)
    {
        if (!_byId.TryGetValue(nodeId, out var i))
        {
            return;
        }

        var node = _nodes[i];
        var (free, freeCpu, freeMemory, freeExtended) = _free[i];
        if (_choice is not null)
        {
            free += sign * devices.Count(d => node.Devices.Any(x => x.Index == d && x.Healthy && Same(x.Model, _choice.Model)));
        }

        foreach (var (name, amount) in extended)
        {
            freeExtended[name] = freeExtended.GetValueOrDefault(name) + (sign * amount);
        }

        _free[i] = (free, freeCpu + (sign * cpu), freeMemory + (sign * memory), freeExtended);
    }

    private int ReplicasThatFit()
    {
        long total = 0;
        foreach (var (devices, cpu, memory, extended) in _free)
        {
            var n = Math.Min(cpu / Math.Max(1, _job.CpuMillis), memory / Math.Max(1, _job.MemoryMiB));
            if (_choice is not null)
            {
                n = Math.Min(n, devices / _choice.Count);
            }

            foreach (var (name, need) in _job.Extended)
            {
                n = need > 0 ? Math.Min(n, extended.GetValueOrDefault(name) / need) : n;
            }

            total += Math.Max(0, n);
        }

        return (int)Math.Min(total, int.MaxValue);
    }

    private static int Healthy(NodeSnapshot node, string model) => node.Devices.Count(d => d.Healthy && Same(d.Model, model));

    private static long Extended(IReadOnlyDictionary<string, long> capacity, string name) =>
        capacity.FirstOrDefault(e => string.Equals(e.Key, name, StringComparison.OrdinalIgnoreCase)).Value;

    private static bool Same(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
}
