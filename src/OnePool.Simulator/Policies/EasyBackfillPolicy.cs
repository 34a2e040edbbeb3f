using OnePool.Simulator.Engine;

namespace OnePool.Simulator.Policies;

/// <summary>
/// FIFO with EASY backfill (Lifka 1995; the style of Slurm's default <c>sched/backfill</c>): jobs start in arrival
/// order; the first that does not fit gets a reservation at the earliest time enough running work has ended for it
/// (the shadow time), and later jobs may start now only if they end by then or leave the reservation's room alone.
/// Runtime estimates are exact (each job's known remaining time), the best case for backfill. Like Slurm's
/// <c>bf_max_job_test</c> (default 500 in current releases), at most <see cref="MaxCandidates"/> jobs behind the
/// reservation are tried per cycle.
/// </summary>
internal sealed class EasyBackfillPolicy : ISimPolicy
{
    public const int MaxCandidates = 500;

    private readonly List<(int Node, int Replicas)> _plan = [];
    private readonly List<(int Node, int Replicas)> _scratch = [];
    private readonly List<(double End, int Job)> _ends = [];
    private int[] _atShadow = [];

    public string Name => "backfill";

    public void Schedule(Simulation simulation)
    {
        ArgumentNullException.ThrowIfNull(simulation);
        var free = FirstFit.StartInOrder(simulation, _plan);

        if (simulation.Pending.Count < 2 || free == 0)
        {
            return;
        }

        var blocked = simulation.Jobs[simulation.Pending.Min];
        var shadow = ShadowTime(simulation, blocked);
        var candidates = simulation.Pending.Skip(1).Take(MaxCandidates).ToList();
        foreach (var index in candidates)
        {
            var job = simulation.Jobs[index];
            if (job.Gpus > free || !FirstFit.TryPlan(simulation, job, n => simulation.Nodes[n].Free, _plan))
            {
                continue;
            }

            var model = simulation.Nodes[_plan[0].Node].Spec.Model;
            var end = simulation.Now + (job.Remaining / simulation.SpeedOf(job, model));
            if (end > shadow && !LeavesReservationAlone(simulation, blocked, job))
            {
                continue;
            }

            simulation.Start(job, FirstFit.Devices(simulation, job, _plan));
            free -= job.Gpus;
            if (free == 0)
            {
                return;
            }
        }
    }

    /// <summary>The earliest time the blocked job fits, counting devices that running work frees as it ends; fills
    /// <see cref="_atShadow"/> with the free devices per node at that time.</summary>
    private double ShadowTime(Simulation simulation, SimJob blocked)
    {
        if (_atShadow.Length != simulation.Nodes.Count)
        {
            _atShadow = new int[simulation.Nodes.Count];
        }

        foreach (var node in simulation.Nodes)
        {
            _atShadow[node.Index] = node.Free;
        }

        _ends.Clear();
        foreach (var index in simulation.Holding)
        {
            var job = simulation.Jobs[index];
            var end = job.Phase == JobPhase.Running ? job.AttemptStart + (job.Remaining / job.Speed) : simulation.Now;
            _ends.Add((end, index));
        }

        _ends.Sort();
        foreach (var (end, index) in _ends)
        {
            foreach (var (node, devices) in simulation.Jobs[index].Allocation)
            {
                if (simulation.Nodes[node].Up)
                {
                    _atShadow[node] += System.Numerics.BitOperations.PopCount(devices);
                }
            }

            if (FirstFit.TryPlan(simulation, blocked, n => _atShadow[n], _plan))
            {
                return end;
            }
        }

        // Not even all running work ending frees room (nodes are down): no reservation to protect.
        return double.PositiveInfinity;
    }

    /// <summary>True when the blocked job still fits at the shadow time with the planned job's devices taken too;
    /// then commits them to the shadow-time picture. Free devices at the shadow time are never fewer than now on any
    /// node, so taking what is free now never drives a count below zero.</summary>
    private bool LeavesReservationAlone(Simulation simulation, SimJob blocked, SimJob job)
    {
        foreach (var (node, replicas) in _plan)
        {
            _atShadow[node] -= replicas * job.PerReplica;
        }

        if (FirstFit.TryPlan(simulation, blocked, n => _atShadow[n], _scratch))
        {
            return true;
        }

        foreach (var (node, replicas) in _plan)
        {
            _atShadow[node] += replicas * job.PerReplica;
        }

        return false;
    }
}
