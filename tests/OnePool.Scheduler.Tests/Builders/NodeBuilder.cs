using OnePool.Scheduler.Snapshot;

namespace OnePool.Scheduler.Tests.Builders;

/// <summary>Builds a <see cref="NodeSnapshot"/>; defaults: site <c>s1</c>, 16 cpu, 64Gi, no devices, schedulable, empty.</summary>
internal sealed class NodeBuilder
{
    private static int _counter;
    private string _site = "s1";
    private string? _name;
    private int _cpu = 16_000;
    private long _memory = 65_536;
    private readonly List<DeviceSnapshot> _devices = [];
    private bool _schedulable = true;
    private NodeUsage _used = NodeUsage.None;
    private readonly Dictionary<string, string> _labels = [];
    private readonly Dictionary<string, long> _extended = [];

    public NodeBuilder InSite(string site) { _site = site; return this; }

    public NodeBuilder Named(string name) { _name = name; return this; }

    public NodeBuilder WithCpu(int cores) { _cpu = cores * 1000; return this; }

    public NodeBuilder WithMemoryGi(long gib) { _memory = gib * 1024; return this; }

    public NodeBuilder WithDevices(string model, int count, bool healthy = true)
    {
        var start = _devices.Count;
        for (var i = 0; i < count; i++)
        {
            _devices.Add(new DeviceSnapshot(start + i, model, healthy));
        }

        return this;
    }

    public NodeBuilder WithExtended(string name, long count) { _extended[name] = count; return this; }

    public NodeBuilder WithLabel(string key, string value) { _labels[key] = value; return this; }

    public NodeBuilder Unschedulable() { _schedulable = false; return this; }

    public NodeBuilder Using(int cpuCores, long memoryGi, params int[] devices)
    {
        _used = new NodeUsage(cpuCores * 1000, memoryGi * 1024, devices, new Dictionary<string, long>());
        return this;
    }

    public NodeSnapshot Build()
    {
        var name = _name ?? $"n{Interlocked.Increment(ref _counter)}";
        return new NodeSnapshot($"{_site}/{name}", _site, _schedulable, _cpu, _memory, _devices, _extended, _labels, _used);
    }
}
