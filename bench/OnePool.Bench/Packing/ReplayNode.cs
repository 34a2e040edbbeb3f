using System.Globalization;
using OnePool.Scheduler.Snapshot;

namespace OnePool.Bench.Packing;

/// <summary>A node of the packing pool and what is allocated on it during a replay.</summary>
internal sealed class ReplayNode
{
    public const int DevicesPerNode = 8;

    private static readonly IReadOnlyDictionary<string, long> NoExtended = new Dictionary<string, long>();
    private static readonly IReadOnlyDictionary<string, string> NoLabels = new Dictionary<string, string>();

    private readonly IReadOnlyList<DeviceSnapshot> _devices;
    private readonly HashSet<int> _used = [];
    private int _usedCpu;
    private long _usedMemory;

    public ReplayNode(int site, int index)
    {
        Site = string.Create(CultureInfo.InvariantCulture, $"site-{site:D2}");
        Id = string.Create(CultureInfo.InvariantCulture, $"{Site}/node-{index:D4}");
        _devices = Enumerable.Range(0, DevicesPerNode).Select(d => new DeviceSnapshot(d, PackingWorkload.Model, true)).ToList();
    }

    public string Id { get; }

    public string Site { get; }

    public bool WhollyFree => _used.Count == 0;

    public int CpuMillis => 96_000;

    public long MemoryMiB => 1024L * 1024;

    public NodeSnapshot ToSnapshot() => new(
        Id, Site, true, CpuMillis, MemoryMiB, _devices, NoExtended, NoLabels,
        _used.Count == 0 && _usedCpu == 0 ? NodeUsage.None : new NodeUsage(_usedCpu, _usedMemory, _used.ToHashSet(), NoExtended));

    /// <summary>Takes what a placement gives one replica; throws if the scheduler double-booked anything.</summary>
    public void Take(int cpuMillis, long memoryMiB, IReadOnlyList<int> devices)
    {
        foreach (var d in devices)
        {
            if (d is < 0 or >= DevicesPerNode || !_used.Add(d))
            {
                throw new InvalidOperationException($"the scheduler gave device {d} of {Id}, which is taken or does not exist");
            }
        }

        _usedCpu += cpuMillis;
        _usedMemory += memoryMiB;
        if (_usedCpu > CpuMillis || _usedMemory > MemoryMiB)
        {
            throw new InvalidOperationException($"the scheduler over-committed {Id}");
        }
    }

    public void Give(int cpuMillis, long memoryMiB, IReadOnlyList<int> devices)
    {
        _used.ExceptWith(devices);
        _usedCpu -= cpuMillis;
        _usedMemory -= memoryMiB;
    }
}
