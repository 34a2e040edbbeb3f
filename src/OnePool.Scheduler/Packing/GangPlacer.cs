using OnePool.Core.Specs;
using OnePool.Scheduler.Cycle;

namespace OnePool.Scheduler.Packing;

/// <summary>
/// Places all replicas of a job inside one site, or none: best fit (the node with the fewest free devices that
/// still fits, so whole nodes stay free for large jobs) or first fit. Never over-commits a node in any dimension.
/// </summary>
internal sealed class GangPlacer(CycleState state, SchedulerOptions options)
{
    // Placements that failed this cycle. Free resources only shrink within a cycle, so a request that failed in a
    // site fails there again: remembered by its dimensions (jobs with labels or extended resources are not cached).
    private readonly HashSet<(int Site, int Model, int Count, int Cpu, long Memory, int Replicas, bool Reserved)> _failed = [];

    // Reused for every attempt: most attempts fail, and only a success needs its own list.
    private readonly List<(NodeState Node, int[] Devices)> _taken = [];

    /// <summary>Tries to place every replica; on success the resources are taken and the replicas returned.</summary>
    /// <param name="site">The site.</param>
    /// <param name="job">The job.</param>
    /// <param name="model">Model id, or -1 for a job without accelerators.</param>
    /// <param name="count">Devices per replica.</param>
    /// <param name="end">When the job will have ended at the latest, for reserved nodes (null: unknown).</param>
    /// <param name="whatIf">True inside a what-if that has given resources back (backfill, preemption): the failure
    /// cache only holds while resources shrink, so it is neither read nor written.</param>
    public List<(NodeState Node, int[] Devices)>? TryPlace(SiteState site, JobRequirements job, int model, int count, DateTimeOffset? end, bool whatIf = false)
    {
        var cacheable = !whatIf && job.NodeLabels.Count == 0 && job.Extended.Count == 0;
        var canUseReserved = end is { } e && state.Reservation is { } t && e <= t;
        var key = (site.Index, model, count, job.CpuMillis, job.MemoryMiB, job.Replicas, canUseReserved);
        if (cacheable && _failed.Contains(key))
        {
            return null;
        }

        var taken = _taken;
        taken.Clear();
        for (var r = 0; r < job.Replicas; r++)
        {
            var node = model < 0 ? FindCpuNode(site, job, end) : FindNode(site, job, model, count, end);
            if (node is null)
            {
                foreach (var (n, devices) in taken)
                {
                    Give(n, job, model, devices);
                }

                if (cacheable)
                {
                    _failed.Add(key);
                }

                return null;
            }

            taken.Add((node, Take(node, job, model, count)));
        }

        return [.. taken];
    }

    /// <summary>Takes one replica's resources from a node.</summary>
    public int[] Take(NodeState node, JobRequirements job, int model, int count)
    {
        node.FreeCpu -= job.CpuMillis;
        node.FreeMemory -= job.MemoryMiB;
        if (job.Extended.Count > 0) // foreach over an empty IReadOnlyDictionary still boxes an enumerator
        {
            foreach (var (name, need) in job.Extended)
            {
                node.FreeExtended![name] -= need;
            }
        }

        if (model < 0)
        {
            return [];
        }

        var list = node.FreeList(model)!;
        var before = list.Count;
        var devices = new int[count];
        list.CopyTo(0, devices, 0, count);
        list.RemoveRange(0, count);
        state.Moved(node, model, before);
        return devices;
    }

    /// <summary>Takes exactly these devices back (undoing a <see cref="Give"/> of running work in a what-if).</summary>
    public void TakeExact(NodeState node, JobRequirements job, int model, IReadOnlyList<int> devices)
    {
        node.FreeCpu -= job.CpuMillis;
        node.FreeMemory -= job.MemoryMiB;
        foreach (var (name, need) in job.Extended)
        {
            if (node.FreeExtended is not null)
            {
                node.FreeExtended[name] = node.FreeExtended.GetValueOrDefault(name) - need;
            }
        }

        if (model >= 0 && devices.Count > 0)
        {
            var list = node.FreeList(model)!;
            var before = list.Count;
            foreach (var d in devices)
            {
                list.Remove(d);
            }

            state.Moved(node, model, before);
        }
    }

    /// <summary>Gives back what <see cref="Take"/> took (or what a finished or preempted attempt held).</summary>
    public void Give(NodeState node, JobRequirements job, int model, IReadOnlyList<int> devices)
    {
        node.FreeCpu += job.CpuMillis;
        node.FreeMemory += job.MemoryMiB;
        foreach (var (name, need) in job.Extended)
        {
            if (node.FreeExtended is not null)
            {
                node.FreeExtended[name] = node.FreeExtended.GetValueOrDefault(name) + need;
            }
        }

        if (model >= 0 && devices.Count > 0)
        {
            var list = node.FreeList(model, create: true)!;
            var before = list.Count;
            list.AddRange(devices);
            list.Sort();
            state.Moved(node, model, before);
        }
    }

    private NodeState? FindNode(SiteState site, JobRequirements job, int model, int count, DateTimeOffset? end)
    {
        if (!site.ByModel.TryGetValue(model, out var buckets) || buckets.MaxPerNode < count)
        {
            return null;
        }

        if (options.Packing)
        {
            for (var k = count; k <= buckets.MaxPerNode; k++)
            {
                foreach (var i in buckets.WithFree(k))
                {
                    if (Fits(state.Nodes[i], job, end))
                    {
                        return state.Nodes[i];
                    }
                }
            }

            return null;
        }

        foreach (var i in site.Nodes)
        {
            var node = state.Nodes[i];
            if (node.Schedulable && node.FreeDevices(model) >= count && Fits(node, job, end))
            {
                return node;
            }
        }

        return null;
    }

    private NodeState? FindCpuNode(SiteState site, JobRequirements job, DateTimeOffset? end)
    {
        // CPU-only work goes to CPU-only nodes first, so it does not strand the CPUs of accelerator nodes.
        foreach (var i in site.CpuOnlyNodes)
        {
            if (Fits(state.Nodes[i], job, end))
            {
                return state.Nodes[i];
            }
        }

        foreach (var i in site.Nodes)
        {
            var node = state.Nodes[i];
            if (node.Schedulable && node.Node.Devices.Count > 0 && Fits(node, job, end))
            {
                return node;
            }
        }

        return null;
    }

    private static bool Fits(NodeState node, JobRequirements job, DateTimeOffset? end) =>
        node.FreeCpu >= job.CpuMillis && node.FreeMemory >= job.MemoryMiB
        && (node.ReservedUntil is null || (end is { } e && e <= node.ReservedUntil))
        && (job.Extended.Count == 0 || node.ExtendedFits(job.Extended))
        && (job.NodeLabels.Count == 0 || node.HasLabels(job.NodeLabels));
}
