using OnePool.Scheduler;
using OnePool.Scheduler.Snapshot;
using OnePool.Simulator.Engine;

namespace OnePool.Simulator.Policies;

/// <summary>
/// OnePool's own scheduler, unchanged: every cycle builds a <see cref="SchedulingSnapshot"/> from the simulated pool
/// (<see cref="SnapshotMapper"/>), calls <see cref="IScheduler.Schedule"/> and applies its decisions through the
/// engine's checked actions: preemptions first (each victim keeps its devices for the stop grace), then placements.
/// </summary>
internal sealed class OnePoolPolicy(IScheduler scheduler, string name = "onepool") : ISimPolicy
{
    private SnapshotMapper? _mapper;

    public string Name { get; } = name;

    public void Schedule(Simulation simulation)
    {
        ArgumentNullException.ThrowIfNull(simulation);
        _mapper ??= new SnapshotMapper(simulation);
        var decisions = scheduler.Schedule(_mapper.Snapshot());
        foreach (var preemption in decisions.Preemptions)
        {
            var victim = _mapper.JobOf(preemption.JobId);
            if (victim.Phase == JobPhase.Running)
            {
                simulation.Preempt(victim, simulation.Options.PreemptionGraceSeconds);
            }
        }

        foreach (var placement in decisions.Placements)
        {
            var job = _mapper.JobOf(placement.JobId);
            simulation.Start(job, _mapper.Replicas(placement));
            _mapper.Started(job);
        }
    }
}
