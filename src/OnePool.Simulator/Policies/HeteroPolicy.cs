using OnePool.Simulator.Engine;

namespace OnePool.Simulator.Policies;

/// <summary>
/// Gavel-style heterogeneity-aware max-min fairness (Narayanan et al., OSDI'20, "Heterogeneity-Aware Cluster
/// Scheduling Policies for Deep Learning Workloads"): the LAS objective over effective throughput
/// (<see cref="MaxMinAllocation"/>), recomputed when the set of active jobs or the healthy capacity changed, and
/// Gavel's round-based mechanism turning the fractional allocation into placements. Each job accrues, per node group,
/// the time its allocation entitles it to; every <see cref="RoundSeconds"/> the (job, group) pairs with the largest
/// entitled-minus-received time get the round's accelerators, whole gangs on one group (one site, one model).
/// Running jobs that were not chosen, or were chosen for another group, are preempted at once (no stop grace, as for
/// <see cref="LasPolicy"/>: favourable to this baseline). Between rounds, and after the chosen pairs at a round,
/// devices left free go to waiting jobs in the same order (work conservation; Gavel leaves them to the next round).
/// </summary>
/// <param name="roundSeconds">Round length. Default: 360 s (Gavel uses 6-minute rounds).</param>
internal sealed partial class HeteroPolicy(double roundSeconds = HeteroPolicy.DefaultRoundSeconds) : ISimPolicy
{
    public const double DefaultRoundSeconds = 360;

    private readonly List<(double Deficit, int Job, int Group)> _pairs = [];
    private readonly List<(int Node, int Replicas)> _plan = [];
    private readonly List<SimJob> _starting = [];
    private readonly List<(double Deficit, int Job)> _waiting = [];
    private double _nextRound = double.NegativeInfinity;
    private double _wakeAt = double.NegativeInfinity;

    public string Name => "hetero";

    public double RoundSeconds { get; } = roundSeconds > 0 ? roundSeconds : throw new ArgumentOutOfRangeException(nameof(roundSeconds));

    /// <summary>Times the allocation was recomputed.</summary>
    public int Reallocations { get; private set; }

    public void Schedule(Simulation simulation)
    {
        ArgumentNullException.ThrowIfNull(simulation);
        Initialise(simulation);
        Accrue(simulation);
        if (simulation.Now >= _nextRound)
        {
            Round(simulation);
            _nextRound = simulation.Now + RoundSeconds;
        }

        Fill(simulation);
        if (simulation.Pending.Count + simulation.Holding.Count > 0 && _wakeAt <= simulation.Now)
        {
            _wakeAt = _nextRound;
            simulation.WakeAt(_nextRound);
        }
    }

    private void Round(Simulation simulation)
    {
        Reallocate(simulation);

        // Accelerators each group can give this round: free ones plus those its running jobs hold.
        var left = new int[simulation.Groups.Count];
        for (var g = 0; g < left.Length; g++)
        {
            foreach (var node in simulation.Groups[g].Nodes)
            {
                left[g] += simulation.Nodes[node].Free;
            }
        }

        foreach (var index in simulation.Holding)
        {
            var job = simulation.Jobs[index];
            if (job.Phase == JobPhase.Running)
            {
                left[GroupOf(job)] += job.Gpus;
            }
        }

        _pairs.Clear();
        var groups = simulation.Groups.Count;
        foreach (var index in _allocated)
        {
            for (var g = 0; g < groups; g++)
            {
                var k = (index * groups) + g;
                if (_share[k] > 0)
                {
                    _pairs.Add((_entitled[k] - _received[k], index, g));
                }
            }
        }

        _pairs.Sort(static (a, b) => a.Deficit != b.Deficit ? b.Deficit.CompareTo(a.Deficit) : (a.Job, a.Group).CompareTo((b.Job, b.Group)));
        foreach (var (_, index, g) in _pairs)
        {
            var job = simulation.Jobs[index];
            if (job.PolicyTag == 0 && job.Phase is JobPhase.Pending or JobPhase.Running && job.Gpus <= left[g])
            {
                job.PolicyTag = g + 1;
                left[g] -= job.Gpus;
            }
        }

        // Preempt what lost its place (or must move), then start the chosen, largest gangs first against fragmentation.
        foreach (var index in simulation.Holding.ToList())
        {
            var job = simulation.Jobs[index];
            if (job.Phase == JobPhase.Running && job.PolicyTag != GroupOf(job) + 1)
            {
                simulation.Preempt(job, graceSeconds: 0);
            }
        }

        _starting.Clear();
        foreach (var (_, index, _) in _pairs)
        {
            var job = simulation.Jobs[index];
            if (job.PolicyTag > 0 && job.Phase == JobPhase.Pending && !_starting.Contains(job))
            {
                _starting.Add(job);
            }
        }

        foreach (var job in _starting.OrderByDescending(j => j.Gpus))
        {
            if (FirstFit.TryPlanIn(simulation.Groups[job.PolicyTag - 1], job, n => simulation.Nodes[n].Free, _plan))
            {
                simulation.Start(job, FirstFit.Devices(simulation, job, _plan));
            }
        }

        foreach (var (_, index, _) in _pairs)
        {
            simulation.Jobs[index].PolicyTag = 0;
        }
    }

    /// <summary>Free devices to waiting jobs, largest deficit first, each on the group its allocation favours.</summary>
    private void Fill(Simulation simulation)
    {
        if (simulation.Pending.Count == 0 || FirstFit.FreeGpus(simulation) == 0)
        {
            return;
        }

        var groups = simulation.Groups.Count;
        _waiting.Clear();
        foreach (var index in simulation.Pending)
        {
            var deficit = 0.0;
            for (var g = 0; g < groups; g++)
            {
                deficit += _entitled[(index * groups) + g] - _received[(index * groups) + g];
            }

            _waiting.Add((deficit, index));
        }

        _waiting.Sort(static (a, b) => a.Deficit != b.Deficit ? b.Deficit.CompareTo(a.Deficit) : a.Job.CompareTo(b.Job));
        var free = FirstFit.FreeGpus(simulation);
        foreach (var (_, index) in _waiting)
        {
            var job = simulation.Jobs[index];
            if (job.Gpus > free)
            {
                continue;
            }

            foreach (var g in Preference(simulation, job))
            {
                if (FirstFit.TryPlanIn(simulation.Groups[g], job, n => simulation.Nodes[n].Free, _plan))
                {
                    simulation.Start(job, FirstFit.Devices(simulation, job, _plan));
                    free -= job.Gpus;
                    break;
                }
            }

            if (free == 0)
            {
                return;
            }
        }
    }

    /// <summary>Groups in order of the job's share there, then its speed there, then pool order.</summary>
    private IEnumerable<int> Preference(Simulation simulation, SimJob job)
    {
        var groups = simulation.Groups.Count;
        return Enumerable.Range(0, groups)
            .Where(g => _fits[(job.Index * groups) + g])
            .OrderByDescending(g => _share[(job.Index * groups) + g])
            .ThenByDescending(g => simulation.SpeedOf(job, simulation.Groups[g].Model))
            .ThenBy(g => g);
    }
}
