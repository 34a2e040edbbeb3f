using OnePool.Simulator.Pools;
using OnePool.Simulator.Speeds;
using OnePool.Simulator.Traces;

namespace OnePool.Simulator.Metrics;

/// <summary>
/// What no policy can beat on a trace and pool, so every figure is read against its limit.
/// <list type="bullet">
/// <item>Average JCT bound: the mean of each job's runtime alone on the pool's fastest model (no queueing at all).</item>
/// <item>Makespan bound: the larger of (a) the latest arrival plus fastest runtime over jobs and (b) the first arrival
/// plus all work at its fastest, spread perfectly over every accelerator.</item>
/// </list>
/// </summary>
/// <param name="OfferedLoad">GPU-seconds / (pool GPUs x span), see <see cref="Traces.OfferedLoad"/>.</param>
/// <param name="AverageJctBound">Seconds.</param>
/// <param name="MakespanBound">Seconds.</param>
/// <param name="PoolGpus">Accelerators in the pool.</param>
/// <param name="SpanSeconds">First to last arrival.</param>
internal sealed record WorkloadBounds(double OfferedLoad, double AverageJctBound, double MakespanBound, int PoolGpus, double SpanSeconds)
{
    public static WorkloadBounds Of(Trace trace, PoolSpec pool)
    {
        ArgumentNullException.ThrowIfNull(trace);
        ArgumentNullException.ThrowIfNull(pool);
        var models = pool.Models;
        double Fastest(TraceJob j) => models.Count == 0 ? j.V100Seconds : models.Min(m => j.V100Seconds / ThroughputMatrix.Default.Speed(j.JobType, m));
        if (trace.Jobs.Count == 0)
        {
            return new WorkloadBounds(0, 0, 0, pool.TotalGpus, 0);
        }

        var first = trace.Jobs[0].SubmitSeconds;
        var latestEnd = trace.Jobs.Max(j => j.SubmitSeconds + Fastest(j));
        var spread = trace.Jobs.Sum(j => j.Gpus * Fastest(j)) / pool.TotalGpus;
        return new WorkloadBounds(Traces.OfferedLoad.Of(trace, pool.TotalGpus), trace.Jobs.Average(Fastest),
            Math.Max(latestEnd, first + spread) - first, pool.TotalGpus, trace.SpanSeconds);
    }
}
