namespace OnePool.Simulator.Traces;

/// <summary>
/// Offered load = work asked for / capacity over the arrival window = total GPU-seconds / (pool GPUs x trace span),
/// with GPU-seconds counted at V100 speed. Scaling multiplies every arrival time by the same factor, which leaves
/// jobs' sizes and order alone and moves the load to the value asked for.
/// </summary>
internal static class OfferedLoad
{
    public static double Of(Trace trace, int poolGpus)
    {
        ArgumentNullException.ThrowIfNull(trace);
        return trace.SpanSeconds <= 0 || poolGpus <= 0 ? double.PositiveInfinity : trace.GpuSeconds / (poolGpus * trace.SpanSeconds);
    }

    /// <summary>The trace with arrivals scaled so that <see cref="Of"/> is <paramref name="load"/>; arrivals are
    /// measured from the first one, which moves to time 0.</summary>
    public static Trace ScaleTo(Trace trace, int poolGpus, double load)
    {
        ArgumentNullException.ThrowIfNull(trace);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(load);
        if (trace.Jobs.Count < 2 || trace.SpanSeconds <= 0)
        {
            return trace;
        }

        var factor = Of(trace, poolGpus) / load;
        var first = trace.Jobs[0].SubmitSeconds;
        return trace with { Jobs = [.. trace.Jobs.Select(j => j with { SubmitSeconds = (j.SubmitSeconds - first) * factor })] };
    }
}
