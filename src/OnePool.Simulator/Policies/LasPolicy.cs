using OnePool.Simulator.Engine;

namespace OnePool.Simulator.Policies;

/// <summary>
/// Tiresias-style discretised two-dimensional least-attained-service (Gu et al., NSDI'19, "2D-LAS" with the
/// discretised queues of its Tiresias-L variant): a job's attained service is accelerators x seconds it has run; jobs
/// below <see cref="ThresholdGpuSeconds"/> are in the high queue, the rest in the low queue; within a queue, first
/// come first served. Every cycle the pool's capacity goes down that order; running jobs outside the chosen set are
/// preempted (at once: Tiresias charges no stop grace, which favours this baseline), and chosen jobs that are not
/// running start where first fit finds room. A cycle is also called when a running job crosses the threshold.
/// Tiresias' starvation guard (promotion after a long wait) is not modelled.
/// </summary>
/// <param name="thresholdGpuSeconds">Queue threshold. Default: 3,600 accelerator-seconds (one GPU-hour); Tiresias
/// tunes its thresholds per cluster and does not fix one.</param>
internal sealed class LasPolicy(double thresholdGpuSeconds = LasPolicy.DefaultThresholdGpuSeconds) : ISimPolicy
{
    public const double DefaultThresholdGpuSeconds = 3600;

    private readonly List<int> _active = [];
    private readonly List<(int Node, int Replicas)> _plan = [];
    private readonly List<SimJob> _chosen = [];
    private double _nextWake = double.NegativeInfinity;

    public string Name => "las";

    public double ThresholdGpuSeconds { get; } = thresholdGpuSeconds;

    public void Schedule(Simulation simulation)
    {
        ArgumentNullException.ThrowIfNull(simulation);
        var now = simulation.Now;
        var capacity = FirstFit.FreeGpus(simulation);
        _active.Clear();
        foreach (var index in simulation.Holding)
        {
            if (simulation.Jobs[index].Phase == JobPhase.Running)
            {
                _active.Add(index);
                capacity += simulation.Jobs[index].Gpus;
            }
        }

        _active.AddRange(simulation.Pending);
        _active.Sort();

        // Choose: high queue first, then low, each in arrival order, while capacity lasts.
        _chosen.Clear();
        foreach (var low in (bool[])[false, true])
        {
            foreach (var index in _active)
            {
                if (capacity == 0)
                {
                    break;
                }

                var job = simulation.Jobs[index];
                if (IsLow(job, now) == low && job.Gpus <= capacity)
                {
                    job.PolicyTag = 1;
                    _chosen.Add(job);
                    capacity -= job.Gpus;
                }
            }
        }

        foreach (var index in _active)
        {
            var job = simulation.Jobs[index];
            if (job.Phase == JobPhase.Running && job.PolicyTag == 0)
            {
                simulation.Preempt(job, graceSeconds: 0);
            }
        }

        foreach (var job in _chosen)
        {
            job.PolicyTag = 0;
            if (job.Phase == JobPhase.Pending)
            {
                FirstFit.TryStart(simulation, job, _plan);
            }
        }

        AskForNextDemotion(simulation);
    }

    // A millisecond of slack, so that a wake-up computed to land on the threshold does land past it.
    private bool IsLow(SimJob job, double now) => job.AttainedAt(now) + 1e-3 >= ThresholdGpuSeconds;

    private void AskForNextDemotion(Simulation simulation)
    {
        var next = double.PositiveInfinity;
        foreach (var index in simulation.Holding)
        {
            var job = simulation.Jobs[index];
            var attained = job.AttainedAt(simulation.Now);
            if (job.Phase == JobPhase.Running && !IsLow(job, simulation.Now))
            {
                var crossing = Math.Max(simulation.Now, job.AttemptStart) + ((ThresholdGpuSeconds - attained) / job.Gpus);
                next = Math.Min(next, crossing);
            }
        }

        if (double.IsFinite(next) && next > simulation.Now && (next < _nextWake || _nextWake <= simulation.Now))
        {
            _nextWake = next;
            simulation.WakeAt(next);
        }
    }
}
