using OnePool.Simulator.Traces;

namespace OnePool.Simulator.Pools;

/// <summary>
/// The pool used when none is given: one site of 8-GPU V100 nodes, as many as the larger of (a) what the biggest job
/// needs and (b) the trace's average demand as recorded, GPU-seconds / span, rounded up to whole nodes. On that pool
/// the trace as recorded has an offered load of at most about 1.0; <c>--load</c> then stretches or compresses
/// arrivals to the load asked for. A V100-hour is priced 1.0, so cost reads as GPU-hours held.
/// </summary>
internal static class DefaultPool
{
    public const string Model = "V100";
    public const int GpusPerNode = 8;
    public const string Site = "sim";

    public static int NodeCount(Trace trace)
    {
        ArgumentNullException.ThrowIfNull(trace);
        var forLargest = (int)Math.Ceiling(trace.MaxGpus / (double)GpusPerNode);
        var average = trace.SpanSeconds > 0 ? trace.GpuSeconds / trace.SpanSeconds : trace.MaxGpus;
        var forAverage = (int)Math.Ceiling(average / GpusPerNode);
        return Math.Max(1, Math.Max(forLargest, forAverage));
    }

    public static PoolSpec For(Trace trace) => Homogeneous(NodeCount(trace), Model, GpusPerNode);

    /// <summary>One site of <paramref name="nodes"/> identical nodes priced 1.0 per accelerator-hour.</summary>
    public static PoolSpec Homogeneous(int nodes, string model, int gpusPerNode)
    {
        var list = Enumerable.Range(0, nodes)
            .Select(i => new NodeSpec(Site, $"n{i:D4}", model, gpusPerNode, 64_000, 512 * 1024, null)).ToList();
        return new PoolSpec([new SiteSpec(Site, list, new Dictionary<string, double>(StringComparer.OrdinalIgnoreCase) { [model] = 1.0 })]);
    }
}
