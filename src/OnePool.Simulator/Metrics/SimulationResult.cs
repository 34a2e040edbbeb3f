using OnePool.Simulator.Engine;

namespace OnePool.Simulator.Metrics;

/// <summary>Everything one simulation produced: per-job outcomes and the pool's busy accelerators over time.</summary>
/// <param name="Policy">Policy name.</param>
/// <param name="PoolGpus">Accelerators in the pool.</param>
/// <param name="Jobs">One outcome per trace job, in trace order.</param>
/// <param name="Busy">Accelerators held over time.</param>
/// <param name="Cycles">Scheduling cycles run.</param>
internal sealed record SimulationResult(string Policy, int PoolGpus, IReadOnlyList<JobOutcome> Jobs, StepSeries Busy, long Cycles)
{
    public static SimulationResult From(Simulation simulation, string policy)
    {
        ArgumentNullException.ThrowIfNull(simulation);
        var models = simulation.Pool.Models;
        var outcomes = simulation.Jobs.Select(j =>
        {
            var fastest = models.Count == 0 ? j.Trace.V100Seconds : models.Min(m => j.Trace.V100Seconds / simulation.SpeedOf(j, m));
            var end = j.End ?? throw new InvariantViolationException($"{j} has no end after the run");
            return new JobOutcome(j.Trace.Id, j.Trace.Tenant, j.Gpus, j.Trace.SubmitSeconds, j.FirstStart, end,
                j.Phase == JobPhase.Finished, fastest, j.AllocatedGpuSeconds, j.ProductiveGpuSeconds, j.Cost, j.Preemptions,
                j.NodeFailures, simulation.InSystem.Average(j.Trace.SubmitSeconds, end));
        }).ToList();
        return new SimulationResult(policy, simulation.Pool.TotalGpus, outcomes, simulation.Busy, simulation.Cycles);
    }
}
