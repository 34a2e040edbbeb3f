using System.Globalization;
using OnePool.Core.Resources;
using OnePool.Core.Specs;
using OnePool.Scheduler.Cycle;

namespace OnePool.Scheduler.Explain;

/// <summary>Short, specific reasons for jobs that wait: what they need, what the pool has, and who holds it.</summary>
internal sealed class Reasons(CycleState state)
{
    /// <summary>Null when some site could ever hold the job; else why none can. Runs once per distinct need in a
    /// cycle, over every site: plain loops, no allocation.</summary>
    public string? FitsNowhere(JobRequirements job)
    {
        var labelled = job.NodeLabels.Count > 0 ? LabelledCapacity(job.NodeLabels) : null;
        var anyReady = false;
        var best = (Site: "", Replicas: 0);
        foreach (var site in state.Sites)
        {
            if (!SiteFilter.Allows(job.Sites, site.Name))
            {
                continue;
            }

            anyReady |= site.SchedulableNodes > 0;
            if (site.Draining)
            {
                continue;
            }

            // Most needs fit somewhere: once a ready site holds every replica the answer is null, whatever the rest.
            if (job.Accelerators.Count == 0 && job.Replicas == 1 && job.NodeLabels.Count == 0)
            {
                // One replica without labels: the site's largest node answers it.
                var fitsOne = site.LargestNode.Cpu >= job.CpuMillis && site.LargestNode.Memory >= job.MemoryMiB;
                if (fitsOne && site.SchedulableNodes > 0)
                {
                    return null;
                }

                best = fitsOne && best.Replicas == 0 ? (site.Name, 1) : best;
                continue;
            }

            if (job.Accelerators.Count == 0)
            {
                var fit = CpuReplicasThatFit(site, job);
                if (fit >= job.Replicas && site.SchedulableNodes > 0)
                {
                    return null;
                }

                best = fit > best.Replicas ? (site.Name, fit) : best;
                continue;
            }

            if (site.LargestNode.Cpu < job.CpuMillis || site.LargestNode.Memory < job.MemoryMiB)
            {
                continue;
            }

            for (var c = 0; c < job.Accelerators.Count; c++)
            {
                var choice = job.Accelerators[c];
                var model = state.Models.Find(choice.Model);
                var (perNode, total) = model < 0 ? (0, 0)
                    : labelled is not null ? labelled.GetValueOrDefault((site.Index, model))
                    : site.Capacity.TryGetValue(model, out var cap) ? (cap.PerNode, cap.Total) : (0, 0);
                if (perNode > 0 && perNode >= choice.Count)
                {
                    var fit = total / choice.Count;
                    if (fit >= job.Replicas)
                    {
                        return null; // capacity comes from schedulable nodes only: this site is ready
                    }

                    best = fit > best.Replicas ? (site.Name, fit) : best;
                }
            }
        }

        if (!anyReady)
        {
            return job.Sites.Count > 0 ? $"no ready nodes in the allowed sites ({string.Join(", ", job.Sites)})" : "no nodes are ready in the pool";
        }

        if (best.Replicas == 0)
        {
            var labels = job.NodeLabels.Count == 0 ? "" : $" on nodes labelled {string.Join(",", job.NodeLabels.Select(l => $"{l.Key}={l.Value}"))}";
            return $"fits no ready node: needs {job.Describe()} per replica{labels}";
        }

        return best.Replicas < job.Replicas
            ? $"no site can hold all {job.Replicas} replicas at once (most: {best.Replicas} at {best.Site}); a gang never spans sites"
            : null;
    }

    /// <summary>Devices per model of each site's schedulable nodes that carry <paramref name="labels"/> (most on one node,
    /// total), for jobs that may run only on such nodes: worked out once per label set in a cycle, one pass over the
    /// nodes, as a cycle's labelled jobs share a few label sets.</summary>
    private Dictionary<(int Site, int Model), (int PerNode, int Total)> LabelledCapacity(IReadOnlyDictionary<string, string> labels)
    {
        var key = string.Join("\n", labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}={l.Value}"));
        if (_labelledCapacity.TryGetValue(key, out var known))
        {
            return known;
        }

        var capacity = new Dictionary<(int Site, int Model), (int PerNode, int Total)>();
        foreach (var node in state.Nodes)
        {
            if (!node.Schedulable || !node.HasLabels(labels))
            {
                continue;
            }

            for (var model = 0; model < node.CapacityOf.Length; model++)
            {
                if (node.HasModel(model))
                {
                    var (perNode, total) = capacity.GetValueOrDefault((node.Site, model));
                    capacity[(node.Site, model)] = (Math.Max(perNode, node.CapacityOf[model]), total + node.CapacityOf[model]);
                }
            }
        }

        _labelledCapacity[key] = capacity;
        return capacity;
    }

    private readonly Dictionary<string, Dictionary<(int Site, int Model), (int PerNode, int Total)>> _labelledCapacity = new(StringComparer.Ordinal);

    /// <summary>How many replicas of a CPU-only job the site's schedulable nodes could hold if empty, counting only
    /// as far as the job's gang size: the answer is needed exactly only when it falls short, and this runs once per
    /// distinct need over sites of thousands of nodes.</summary>
    private int CpuReplicasThatFit(SiteState site, JobRequirements job)
    {
        long fit = 0;
        foreach (var i in site.Nodes)
        {
            var n = state.Nodes[i];
            if (n.Schedulable && n.HasLabels(job.NodeLabels))
            {
                fit += Math.Min(n.Node.CpuMillis / Math.Max(1, job.CpuMillis), n.Node.MemoryMiB / Math.Max(1, job.MemoryMiB));
                if (fit >= job.Replicas)
                {
                    break;
                }
            }
        }

        return (int)Math.Min(fit, int.MaxValue);
    }

    /// <summary>Why a job that could fit somewhere waits now: what it needs and the largest free block.</summary>
    public string WaitingForResources(JobRequirements job)
    {
        var need = job.Accelerators.Count == 0
            ? job.Describe()
            : string.Join(" or ", job.Accelerators.Select(a => job.Replicas > 1 ? $"{job.Replicas} x {a.Count} {a.Model}" : $"{a.Count} x {a.Model}"));
        var text = $"waiting for resources: needs {need}{(job.Replicas > 1 ? " in one site" : "")}";
        if (job.Accelerators.Count == 0)
        {
            return text;
        }

        // The first choice with the most free on one node, at the first site that has it.
        var largest = (Site: -1, Free: 0, Model: -1, Name: "");
        for (var c = 0; c < job.Accelerators.Count; c++)
        {
            var choice = job.Accelerators[c];
            var model = state.Models.Find(choice.Model);
            if (model >= 0 && state.LargestFreeBlock(model) is var (free, site) && free > largest.Free)
            {
                largest = (site, free, model, choice.Model);
            }
        }

        if (largest.Free == 0)
        {
            return $"{text}; all of them are in use";
        }

        var block = $"{text}; largest free block is {largest.Free.ToString(CultureInfo.InvariantCulture)} x {largest.Name} on one node at {state.Sites[largest.Site].Name}";
        return StrandedBy(state.Sites[largest.Site], largest.Model, largest.Free, job) switch
        {
            Stranding.CpuOrMemory => $"{block}, where the CPU or memory a replica also needs ({Quantity.FormatCpu(job.CpuMillis)} cpu, {Quantity.FormatMemory(job.MemoryMiB)}) is taken",
            Stranding.CpuMemoryOrLabels => $"{block}, on nodes without the CPU, memory or labels a replica also needs",
            _ => block,
        };
    }

    /// <summary>Why none of the site's nodes with <paramref name="free"/> devices of the model free could take a
    /// replica, if none could: work that holds a node's CPUs or memory strands its accelerators, and "8 free" alone
    /// would leave a user asking why a job needing one waits. Looks only at the nodes of that one block.</summary>
    private Stranding StrandedBy(SiteState site, int model, int free, JobRequirements job)
    {
        if (!site.ByModel.TryGetValue(model, out var buckets))
        {
            return Stranding.None;
        }

        var (cpuOrMemory, any) = (true, false);
        foreach (var i in buckets.WithFree(Math.Min(free, buckets.MaxPerNode)))
        {
            var node = state.Nodes[i];
            any = true;
            var fitsCpuAndMemory = node.FreeCpu >= job.CpuMillis && node.FreeMemory >= job.MemoryMiB;
            if (fitsCpuAndMemory && node.HasLabels(job.NodeLabels))
            {
                return Stranding.None;
            }

            cpuOrMemory &= !fitsCpuAndMemory;
        }

        return !any ? Stranding.None : cpuOrMemory ? Stranding.CpuOrMemory : Stranding.CpuMemoryOrLabels;
    }

    private enum Stranding
    {
        None,
        CpuOrMemory,
        CpuMemoryOrLabels,
    }
}
