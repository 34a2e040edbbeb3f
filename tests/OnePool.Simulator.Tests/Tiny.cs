using OnePool.Simulator.Engine;
using OnePool.Simulator.Metrics;
using OnePool.Simulator.Policies;
using OnePool.Simulator.Pools;
using OnePool.Simulator.Traces;

namespace OnePool.Simulator.Tests;

/// <summary>Small hand-checkable workloads: a pool of 2-GPU V100 nodes and jobs given as (submit, GPUs, seconds).</summary>
internal static class Tiny
{
    public const string JobType = "ResNet-50 (batch size 64)";

    public static Trace Trace(params (double Submit, int Gpus, double Seconds)[] jobs) =>
        OnePool.Simulator.Traces.Trace.Sorted("tiny", jobs.Select((j, i) => new TraceJob(((char)('A' + i)).ToString(), j.Submit, j.Gpus, j.Seconds, JobType, "t")));

    public static PoolSpec Pool(int nodes = 2, int gpusPerNode = 2) => DefaultPool.Homogeneous(nodes, "V100", gpusPerNode);

    public static SimulationResult Run(Trace trace, ISimPolicy policy, PoolSpec? pool = null, SimulationOptions? options = null) =>
        new Simulation(trace, pool ?? Pool(), policy, options ?? new SimulationOptions()).Run(null, CancellationToken.None);

    public static double[] Jcts(SimulationResult result) => [.. result.Jobs.Select(j => j.CompletionTime)];
}
