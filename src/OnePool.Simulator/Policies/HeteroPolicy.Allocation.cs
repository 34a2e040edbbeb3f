using OnePool.Simulator.Engine;

namespace OnePool.Simulator.Policies;

/// <summary>The allocation in force and the time each job is owed under it. Per job and node group (index
/// <c>job x groups + group</c>): its share, the time it was entitled to and the time it held devices there.</summary>
internal sealed partial class HeteroPolicy
{
    private readonly List<int> _allocated = [];
    private readonly List<int> _active = [];
    private int[] _groupOfNode = [];
    private bool[] _fits = [];
    private double[] _share = [];
    private double[] _entitled = [];
    private double[] _received = [];
    private double[] _capacity = [];
    private double _accruedTo;

    private void Initialise(Simulation simulation)
    {
        if (_groupOfNode.Length == simulation.Nodes.Count && _share.Length == simulation.Jobs.Count * simulation.Groups.Count)
        {
            return;
        }

        var groups = simulation.Groups.Count;
        _groupOfNode = new int[simulation.Nodes.Count];
        Array.Fill(_groupOfNode, -1);
        for (var g = 0; g < groups; g++)
        {
            foreach (var node in simulation.Groups[g].Nodes)
            {
                _groupOfNode[node] = g;
            }
        }

        _share = new double[simulation.Jobs.Count * groups];
        _entitled = new double[_share.Length];
        _received = new double[_share.Length];
        _fits = new bool[_share.Length];
        foreach (var job in simulation.Jobs)
        {
            for (var g = 0; g < groups; g++)
            {
                _fits[(job.Index * groups) + g] = simulation.Groups[g].Nodes.Sum(n => simulation.Nodes[n].Spec.Gpus / job.PerReplica) >= job.Replicas;
            }
        }

        _accruedTo = simulation.Now;
    }

    private int GroupOf(SimJob job) => _groupOfNode[job.Allocation[0].Node];

    /// <summary>Entitlement under the allocation in force and time held, from the last call to now. Nothing started
    /// or stopped in between (only cycles do that), so a job holding devices now held them the whole while, until
    /// its attempt froze (a node failure) if it did.</summary>
    private void Accrue(Simulation simulation)
    {
        var elapsed = simulation.Now - _accruedTo;
        if (elapsed <= 0)
        {
            return;
        }

        var groups = simulation.Groups.Count;
        foreach (var index in _allocated)
        {
            for (var g = 0; g < groups; g++)
            {
                _entitled[(index * groups) + g] += _share[(index * groups) + g] * elapsed;
            }
        }

        foreach (var index in simulation.Holding)
        {
            var job = simulation.Jobs[index];
            var held = Math.Min(simulation.Now, job.FrozenAt ?? simulation.Now) - Math.Max(_accruedTo, job.Dispatched);
            if (held > 0)
            {
                _received[(index * groups) + GroupOf(job)] += held;
            }
        }

        _accruedTo = simulation.Now;
    }

    /// <summary>Solves <see cref="MaxMinAllocation"/> again when the jobs in the system or the healthy capacity
    /// changed since the last solve.</summary>
    private void Reallocate(Simulation simulation)
    {
        _active.Clear();
        _active.AddRange(simulation.Pending);
        _active.AddRange(simulation.Holding);
        _active.Sort();
        var groups = simulation.Groups.Count;
        var capacity = new double[groups];
        for (var g = 0; g < groups; g++)
        {
            foreach (var node in simulation.Groups[g].Nodes)
            {
                capacity[g] += simulation.Nodes[node].Up ? simulation.Nodes[node].Spec.Gpus : 0;
            }
        }

        if (_active.SequenceEqual(_allocated) && capacity.SequenceEqual(_capacity))
        {
            return;
        }

        // Jobs of one type and gang size are interchangeable: one LP row per class.
        var classOf = new Dictionary<(string Type, int Gpus, int PerReplica), int>();
        var members = new List<int>();
        var classes = new List<JobClass>();
        foreach (var index in _active)
        {
            var job = simulation.Jobs[index];
            var key = (job.Trace.JobType, job.Gpus, job.PerReplica);
            if (!classOf.TryGetValue(key, out var k))
            {
                k = classes.Count;
                classOf[key] = k;
                var speeds = new double[groups];
                for (var g = 0; g < groups; g++)
                {
                    speeds[g] = _fits[(index * groups) + g] ? simulation.SpeedOf(job, simulation.Groups[g].Model) : 0;
                }

                classes.Add(new JobClass(speeds, job.Gpus, 0));
            }

            classes[k] = classes[k] with { Count = classes[k].Count + 1 };
            members.Add(k);
        }

        var shares = MaxMinAllocation.Solve(classes, capacity);
        foreach (var index in _allocated)
        {
            Array.Clear(_share, index * groups, groups);
        }

        for (var i = 0; i < _active.Count; i++)
        {
            shares[members[i]].CopyTo(_share, _active[i] * groups);
        }

        _allocated.Clear();
        _allocated.AddRange(_active);
        _capacity = capacity;
        Reallocations++;
    }
}
