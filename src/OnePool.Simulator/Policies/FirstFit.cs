using OnePool.Simulator.Engine;

namespace OnePool.Simulator.Policies;

/// <summary>
/// First-fit placement of a gang for the baseline policies: node groups (site x model) in pool order, nodes in
/// order, as many replicas on a node as fit. The first group that holds the whole gang wins; heterogeneity is
/// ignored, as in the baselines' own papers.
/// </summary>
internal static class FirstFit
{
    /// <summary>Starts pending jobs in arrival order until the first that does not fit (head-of-line blocking);
    /// returns the GPUs left free.</summary>
    public static int StartInOrder(Simulation simulation, List<(int Node, int Replicas)> plan)
    {
        var free = FreeGpus(simulation);
        while (simulation.Pending.Count > 0)
        {
            var head = simulation.Jobs[simulation.Pending.Min];
            if (head.Gpus > free || !TryStart(simulation, head, plan))
            {
                break;
            }

            free -= head.Gpus;
        }

        return free;
    }

    /// <summary>Plans the gang against <paramref name="free"/> (free devices by node index); false when it does not fit.</summary>
    public static bool TryPlan(Simulation simulation, SimJob job, Func<int, int> free, List<(int Node, int Replicas)> plan)
    {
        ArgumentNullException.ThrowIfNull(simulation);
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(free);
        ArgumentNullException.ThrowIfNull(plan);
        foreach (var group in simulation.Groups)
        {
            if (TryPlanIn(group, job, free, plan))
            {
                return true;
            }
        }

        plan.Clear();
        return false;
    }

    /// <summary>Plans the gang inside one node group only; false (and an empty plan) when it does not fit there.</summary>
    public static bool TryPlanIn(NodeGroup group, SimJob job, Func<int, int> free, List<(int Node, int Replicas)> plan)
    {
        ArgumentNullException.ThrowIfNull(group);
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(free);
        ArgumentNullException.ThrowIfNull(plan);
        plan.Clear();
        var left = job.Replicas;
        foreach (var node in group.Nodes)
        {
            var here = Math.Min(left, free(node) / job.PerReplica);
            if (here > 0)
            {
                plan.Add((node, here));
                left -= here;
                if (left == 0)
                {
                    return true;
                }
            }
        }

        plan.Clear();
        return false;
    }

    /// <summary>Plans against the pool as it is now and starts the job; false when it does not fit.</summary>
    public static bool TryStart(Simulation simulation, SimJob job, List<(int Node, int Replicas)> plan)
    {
        ArgumentNullException.ThrowIfNull(simulation);
        if (!TryPlan(simulation, job, n => simulation.Nodes[n].Free, plan))
        {
            return false;
        }

        simulation.Start(job, Devices(simulation, job, plan));
        return true;
    }

    /// <summary>The lowest free devices for each replica of a plan.</summary>
    public static List<(int Node, ulong Devices)> Devices(Simulation simulation, SimJob job, List<(int Node, int Replicas)> plan)
    {
        ArgumentNullException.ThrowIfNull(simulation);
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(plan);
        var replicas = new List<(int Node, ulong Devices)>(job.Replicas);
        foreach (var (index, count) in plan)
        {
            var node = simulation.Nodes[index];
            ulong taken = 0;
            for (var r = 0; r < count; r++)
            {
                var saved = node.Used;
                node.Used |= taken;
                var devices = node.TakeLowest(job.PerReplica);
                node.Used = saved;
                taken |= devices;
                replicas.Add((index, devices));
            }
        }

        return replicas;
    }

    /// <summary>Free accelerators on healthy nodes.</summary>
    public static int FreeGpus(Simulation simulation)
    {
        ArgumentNullException.ThrowIfNull(simulation);
        var free = 0;
        foreach (var node in simulation.Nodes)
        {
            free += node.Free;
        }

        return free;
    }
}
