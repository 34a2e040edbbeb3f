using OnePool.Scheduler.Snapshot;

namespace OnePool.Scheduler.Cycle;

/// <summary>One node's free resources during a cycle. Nodes carry devices of one model in practice; a node with
/// several models keeps a free list per model.</summary>
internal sealed class NodeState
{
    public NodeState(int index, int site, NodeSnapshot node, ModelTable models)
    {
        Index = index;
        Site = site;
        Node = node;
        FreeCpu = node.CpuMillis - node.Used.CpuMillis;
        FreeMemory = node.MemoryMiB - node.Used.MemoryMiB;
        if (node.Extended.Count > 0)
        {
            FreeExtended = new Dictionary<string, long>(node.Extended, StringComparer.OrdinalIgnoreCase);
            foreach (var (name, held) in node.Used.Extended)
            {
                FreeExtended[name] = FreeExtended.GetValueOrDefault(name) - held;
            }
        }

        // Per-model arrays indexed by the cycle's model ids (all models are interned before any node is built).
        _free = new List<int>?[models.Count];
        CapacityOf = new int[models.Count];
        var used = node.Used.DeviceIndices;
        var (previous, model) = ((string?)null, -1);
        for (var i = 0; i < node.Devices.Count; i++)
        {
            var device = node.Devices[i];
            if (previous is null || !string.Equals(device.Model, previous, StringComparison.OrdinalIgnoreCase))
            {
                (previous, model) = (device.Model, models.Find(device.Model)); // a node's devices share a model in practice
            }

            var list = FreeList(model, create: true)!;
            if (device.Healthy)
            {
                CapacityOf[model]++;
                if (!used.Contains(device.Index))
                {
                    list.Add(device.Index);
                }
            }
        }

        foreach (var list in _free)
        {
            list?.Sort();
        }
    }

    private readonly List<int>?[] _free;

    public int Index { get; }

    public int Site { get; }

    public NodeSnapshot Node { get; }

    public int FreeCpu { get; set; }

    public long FreeMemory { get; set; }

    public Dictionary<string, long>? FreeExtended { get; }

    /// <summary>Healthy devices per model id.</summary>
    public int[] CapacityOf { get; }

    /// <summary>True when the node carries devices of the model (healthy or not).</summary>
    public bool HasModel(int model) => model >= 0 && model < _free.Length && _free[model] is not null;

    /// <summary>True when the node may take work this cycle.</summary>
    public bool Schedulable { get; set; }

    /// <summary>Time until which the node's room is reserved for a blocked job (backfill), if any.</summary>
    public DateTimeOffset? ReservedUntil { get; set; }

    public int FreeDevices(int model) => HasModel(model) ? _free[model]!.Count : 0;

    public List<int>? FreeList(int model, bool create = false)
    {
        if (model < 0 || model >= _free.Length)
        {
            return null;
        }

        return create ? _free[model] ??= [] : _free[model];
    }

    public bool HasLabels(IReadOnlyDictionary<string, string> required)
    {
        foreach (var (key, value) in required)
        {
            if (!Node.Labels.TryGetValue(key, out var v) || v != value)
            {
                return false;
            }
        }

        return true;
    }

    public bool ExtendedFits(IReadOnlyDictionary<string, long> need)
    {
        foreach (var (name, count) in need)
        {
            if (FreeExtended is null || FreeExtended.GetValueOrDefault(name) < count)
            {
                return false;
            }
        }

        return true;
    }
}
