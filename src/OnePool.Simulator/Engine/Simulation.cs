using OnePool.Simulator.Failures;
using OnePool.Simulator.Metrics;
using OnePool.Simulator.Policies;
using OnePool.Simulator.Pools;
using OnePool.Simulator.Speeds;
using OnePool.Simulator.Traces;

namespace OnePool.Simulator.Engine;

/// <summary>
/// A discrete-event simulation of one policy on one trace and pool, on virtual time (seconds from the trace's
/// start). Events at the same time are all applied, then the policy runs once (scheduling is coalesced per distinct
/// event time, as the broker's loop coalesces changes into one cycle). The engine checks its invariants as it goes:
/// time never goes back, a device is never given twice, a gang starts whole on one site and one model, and a
/// policy never leaves a healthy idle pool idle while jobs wait.
/// </summary>
internal sealed partial class Simulation
{
    private readonly ISimPolicy _policy;
    private readonly EventQueue _events = new();
    private readonly FailureDraws _draws;
    private readonly Dictionary<(string JobType, string Model), double> _speeds = [];
    private int _ended;
    private int _nodesDown;
    private bool _dirty;

    public Simulation(Trace trace, PoolSpec pool, ISimPolicy policy, SimulationOptions options)
    {
        ArgumentNullException.ThrowIfNull(trace);
        ArgumentNullException.ThrowIfNull(pool);
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(options);
        Trace = trace;
        Pool = pool;
        _policy = policy;
        Options = options;
        _draws = new FailureDraws(options.Failures, options.Seed);

        var sites = pool.Sites.Select(s => s.Name).ToList();
        Nodes = [.. pool.Nodes.Select((n, i) => new SimNode(i, sites.IndexOf(n.Site), n))];
        Groups = [.. Nodes.Where(n => n.Spec.Gpus > 0)
            .GroupBy(n => (n.Site, Model: n.Spec.Model.ToUpperInvariant()))
            .Select(g => new NodeGroup(g.Key.Site, g.First().Spec.Model, [.. g.Select(n => n.Index)]))];
        var maxPerNode = Math.Max(1, pool.MaxGpusPerNode);
        Jobs = [.. trace.Jobs.Select((j, i) =>
        {
            var (replicas, per) = GangShape.For(j.Gpus, maxPerNode);
            return new SimJob(i, j, replicas, per) { UserFailureAtWork = _draws.UserFailureAt(j) };
        })];
        foreach (var job in Jobs)
        {
            EnsureFitsEmptyPool(job);
        }
    }

    public Trace Trace { get; }

    public PoolSpec Pool { get; }

    public SimulationOptions Options { get; }

    public IReadOnlyList<SimJob> Jobs { get; }

    public IReadOnlyList<SimNode> Nodes { get; }

    /// <summary>Nodes with accelerators, grouped by site and model, in pool order: where one gang may go.</summary>
    public IReadOnlyList<NodeGroup> Groups { get; }

    /// <summary>The current virtual time, in seconds.</summary>
    public double Now { get; private set; }

    /// <summary>Jobs waiting for a start, by arrival (index) order.</summary>
    public SortedSet<int> Pending { get; } = [];

    /// <summary>Jobs holding devices (running, stopping or recovering), by index.</summary>
    public SortedSet<int> Holding { get; } = [];

    /// <summary>Accelerators held over time.</summary>
    public StepSeries Busy { get; } = new();

    /// <summary>Jobs arrived and not ended over time (for finish-time fairness).</summary>
    public StepSeries InSystem { get; } = new();

    /// <summary>Scheduling cycles run.</summary>
    public long Cycles { get; private set; }

    public int BusyGpus { get; private set; }

    public int RunningJobs { get; private set; }

    /// <summary>Relative speed of a job on a model (V100 = 1), from Gavel's matrix.</summary>
    public double SpeedOf(SimJob job, string model)
    {
        ArgumentNullException.ThrowIfNull(job);
        var key = (job.Trace.JobType, model);
        if (!_speeds.TryGetValue(key, out var speed))
        {
            speed = ThroughputMatrix.Default.Speed(job.Trace.JobType, model);
            _speeds[key] = speed;
        }

        return speed;
    }

    /// <summary>Runs to the end of the last job.</summary>
    public SimulationResult Run(IProgress<double>? progress, CancellationToken cancellationToken)
    {
        foreach (var job in Jobs)
        {
            _events.Add(new SimEvent(job.Trace.SubmitSeconds, EventKind.Arrival, job.Index, 0));
        }

        foreach (var node in Nodes)
        {
            _events.Add(new SimEvent(_draws.NextNodeFailure(node.Index, node.Spec.Gpus), EventKind.NodeDown, node.Index, 0));
        }

        var reported = -1;
        Now = Jobs.Count > 0 ? Jobs[0].Trace.SubmitSeconds : 0;
        while (_ended < Jobs.Count)
        {
            if (!_events.TryPeekTime(out var time) || double.IsPositiveInfinity(time))
            {
                throw new InvariantViolationException($"stalled at t={Now:F0}s: {Jobs.Count - _ended} job(s) unfinished and no event left");
            }

            if (time < Now)
            {
                throw new InvariantViolationException($"time went back from {Now} to {time}");
            }

            Now = time;
            while (_events.TryPeekTime(out var next) && next == time)
            {
                Handle(_events.Take());
            }

            if (_dirty)
            {
                _dirty = false;
                Cycles++;
                _policy.Schedule(this);
                if (Options.CheckInvariants)
                {
                    CheckHoldings();
                }
            }

            var percent = (int)(100L * _ended / Math.Max(1, Jobs.Count));
            if (percent != reported)
            {
                reported = percent;
                progress?.Report(percent / 100.0);
                cancellationToken.ThrowIfCancellationRequested();
            }
        }

        Busy.Set(Now, BusyGpus);
        InSystem.Set(Now, 0);
        return SimulationResult.From(this, _policy.Name);
    }

    /// <summary>Asks for a cycle at <paramref name="time"/> (not before now).</summary>
    public void WakeAt(double time)
    {
        if (time < Now)
        {
            throw new InvariantViolationException($"{_policy.Name} asked to wake at {time}, before now ({Now})");
        }

        _events.Add(new SimEvent(time, EventKind.Wake, -1, 0));
    }

    private void EnsureFitsEmptyPool(SimJob job)
    {
        foreach (var group in Groups)
        {
            if (group.Nodes.Sum(n => Nodes[n].Spec.Gpus / job.PerReplica) >= job.Replicas)
            {
                return;
            }
        }

        throw new TraceFormatException($"job {job.Trace.Id} needs {job.Replicas} x {job.PerReplica} GPUs of one model in one site, " +
            $"which no site of the pool ({Pool.Describe()}) holds even when empty");
    }
}

/// <summary>Nodes of one site and one accelerator model, in pool order.</summary>
internal sealed record NodeGroup(int Site, string Model, int[] Nodes);
