namespace OnePool.Scheduler.Cycle;

/// <summary>The nodes of one site that carry one model, bucketed by how many devices of it are free, so best fit
/// ("the fullest node that still fits") is a walk up from the needed count instead of a scan of every node.</summary>
internal sealed class FreeBuckets
{
    private readonly List<int>[] _byFree;
    private readonly Dictionary<int, int> _position = [];

    public FreeBuckets(int maxPerNode)
    {
        _byFree = new List<int>[maxPerNode + 1];
        for (var i = 0; i < _byFree.Length; i++)
        {
            _byFree[i] = [];
        }
    }

    /// <summary>Free devices of this model across the site's schedulable nodes.</summary>
    public int TotalFree { get; private set; }

    public int MaxPerNode => _byFree.Length - 1;

    /// <summary>The most devices free on one node. Kept up to date by <see cref="Add"/> and <see cref="Move"/>: every
    /// candidate of every job tried asks for it.</summary>
    public int MaxFree { get; private set; }

    /// <summary>Nodes with exactly <paramref name="free"/> devices free, in insertion order.</summary>
    public List<int> WithFree(int free) => _byFree[free];

    public void Add(int node, int free)
    {
        free = Math.Min(free, MaxPerNode);
        _position[node] = _byFree[free].Count;
        _byFree[free].Add(node);
        TotalFree += free;
        MaxFree = free > 0 ? Math.Max(MaxFree, free) : MaxFree;
    }

    public void Move(int node, int from, int to)
    {
        if (from == to)
        {
            return;
        }

        var list = _byFree[from];
        var at = _position[node];
        var last = list[^1];
        list[at] = last;
        _position[last] = at;
        list.RemoveAt(list.Count - 1);
        _position[node] = _byFree[to].Count;
        _byFree[to].Add(node);
        TotalFree += to - from;
        if (to > MaxFree)
        {
            MaxFree = to;
        }
        else if (from == MaxFree && list.Count == 0)
        {
            while (MaxFree > 0 && _byFree[MaxFree].Count == 0)
            {
                MaxFree--;
            }
        }
    }

    /// <summary>How many replicas needing <paramref name="each"/> devices the free devices could hold.</summary>
    public int ReplicasThatFit(int each)
    {
        var count = 0;
        for (var k = each; k < _byFree.Length; k++)
        {
            count += _byFree[k].Count * (k / each);
        }

        return count;
    }
}
