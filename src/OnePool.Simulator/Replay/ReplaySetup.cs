using OnePool.Simulator.Engine;
using OnePool.Simulator.Metrics;
using OnePool.Simulator.Pools;
using OnePool.Simulator.Traces;

namespace OnePool.Simulator.Replay;

/// <summary>
/// A workload ready to replay: the trace at the offered load asked for, the pool it runs on, and the limits no
/// policy can beat. The pool is the one given, else the trace's own (Alibaba's node list), else
/// <see cref="DefaultPool"/>.
/// </summary>
/// <param name="Trace">Arrivals scaled to the load asked for (as recorded when none was).</param>
/// <param name="Pool">The pool.</param>
/// <param name="Bounds">Offered load and lower bounds on this trace and pool.</param>
/// <param name="Options">Simulation settings.</param>
internal sealed record ReplaySetup(Trace Trace, PoolSpec Pool, WorkloadBounds Bounds, SimulationOptions Options)
{
    public static ReplaySetup Create(LoadedTrace loaded, PoolSpec? pool, double? load, SimulationOptions options)
    {
        ArgumentNullException.ThrowIfNull(loaded);
        ArgumentNullException.ThrowIfNull(options);
        if (loaded.Trace.Jobs.Count == 0)
        {
            throw new TraceFormatException($"trace {loaded.Trace.Name} has no jobs to replay");
        }

        var chosen = pool ?? loaded.Pool ?? DefaultPool.For(loaded.Trace);
        if (chosen.TotalGpus == 0)
        {
            throw new TraceFormatException("the pool has no accelerators");
        }

        var trace = load is { } l ? OfferedLoad.ScaleTo(loaded.Trace, chosen.TotalGpus, l) : loaded.Trace;
        return new ReplaySetup(trace, chosen, WorkloadBounds.Of(trace, chosen), options);
    }
}
