using OnePool.Core.Resources;
using OnePool.Core.Specs;
using OnePool.Scheduler.Snapshot;

namespace OnePool.Scheduler.FirstFit;

/// <summary>The free resources of one node during a cycle; mutated as placements are made and undone.</summary>
internal sealed class FreeNode
{
    private readonly Dictionary<string, long> _freeExtended;
    private readonly Dictionary<string, List<int>> _freeDevices = new(StringComparer.OrdinalIgnoreCase);

    public FreeNode(NodeSnapshot node)
    {
        Node = node;
        FreeCpu = node.CpuMillis - node.Used.CpuMillis;
        FreeMemory = node.MemoryMiB - node.Used.MemoryMiB;
        _freeExtended = new Dictionary<string, long>(node.Extended, StringComparer.OrdinalIgnoreCase);
        foreach (var (name, held) in node.Used.Extended)
        {
            _freeExtended[name] = _freeExtended.GetValueOrDefault(name) - held;
        }

        var used = node.Used.DeviceIndices as ISet<int> ?? node.Used.DeviceIndices.ToHashSet();
        foreach (var device in node.Devices.OrderBy(d => d.Index))
        {
            if (device.Healthy && !used.Contains(device.Index))
            {
                DevicesOf(device.Model).Add(device.Index);
            }
        }
    }

    public NodeSnapshot Node { get; }

    public int FreeCpu { get; private set; }

    public long FreeMemory { get; private set; }

    /// <summary>True when one replica needing <paramref name="job"/> with accelerator choice <paramref name="accelerator"/> fits now.</summary>
    public bool Fits(JobRequirements job, AcceleratorRequest? accelerator) =>
        job.CpuMillis <= FreeCpu && job.MemoryMiB <= FreeMemory
        && (accelerator is null || DevicesOf(accelerator.Model).Count >= accelerator.Count)
        && job.Extended.All(e => _freeExtended.GetValueOrDefault(e.Key) >= e.Value);

    /// <summary>How many replicas could fit if the node were empty (for reasons, not placement).</summary>
    public int CapacityFor(JobRequirements job, AcceleratorRequest? accelerator)
    {
        var n = Node;
        long count = Math.Min(n.CpuMillis / Math.Max(1, job.CpuMillis), n.MemoryMiB / Math.Max(1, job.MemoryMiB));
        if (accelerator is not null)
        {
            count = Math.Min(count, n.Devices.Count(d => d.Healthy && string.Equals(d.Model, accelerator.Model, StringComparison.OrdinalIgnoreCase)) / accelerator.Count);
        }

        foreach (var (name, need) in job.Extended)
        {
            count = Math.Min(count, n.Extended.GetValueOrDefault(name) / need);
        }

        return (int)Math.Clamp(count, 0, int.MaxValue);
    }

    /// <summary>Takes one replica's resources and returns the devices given.</summary>
    public IReadOnlyList<int> Take(JobRequirements job, AcceleratorRequest? accelerator)
    {
        FreeCpu -= job.CpuMillis;
        FreeMemory -= job.MemoryMiB;
        foreach (var (name, need) in job.Extended)
        {
            _freeExtended[name] -= need;
        }

        if (accelerator is null)
        {
            return [];
        }

        var devices = DevicesOf(accelerator.Model);
        var taken = devices.GetRange(0, accelerator.Count);
        devices.RemoveRange(0, accelerator.Count);
        return taken;
    }

    /// <summary>Gives back what <see cref="Take"/> took.</summary>
    public void Give(JobRequirements job, AcceleratorRequest? accelerator, IReadOnlyList<int> devices)
    {
        FreeCpu += job.CpuMillis;
        FreeMemory += job.MemoryMiB;
        foreach (var (name, need) in job.Extended)
        {
            _freeExtended[name] += need;
        }

        if (accelerator is not null)
        {
            var list = DevicesOf(accelerator.Model);
            list.AddRange(devices);
            list.Sort();
        }
    }

    public bool HasLabels(IReadOnlyDictionary<string, string> required) =>
        required.All(r => Node.Labels.TryGetValue(r.Key, out var v) && v == r.Value);

    private List<int> DevicesOf(string model)
    {
        if (!_freeDevices.TryGetValue(model, out var list))
        {
            list = [];
            _freeDevices[model] = list;
        }

        return list;
    }
}
