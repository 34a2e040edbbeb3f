namespace OnePool.Simulator.Traces;

/// <summary>A workload: jobs sorted by arrival (ties keep file order).</summary>
/// <param name="Name">Where it came from, e.g. <c>philly-gavel-vc</c>.</param>
/// <param name="Jobs">The jobs, sorted by <see cref="TraceJob.SubmitSeconds"/>.</param>
internal sealed record Trace(string Name, IReadOnlyList<TraceJob> Jobs)
{
    /// <summary>Seconds from the first arrival to the last (0 for one job).</summary>
    public double SpanSeconds => Jobs.Count == 0 ? 0 : Jobs[^1].SubmitSeconds - Jobs[0].SubmitSeconds;

    /// <summary>Work the trace asks for, in V100 GPU-seconds.</summary>
    public double GpuSeconds => Jobs.Sum(j => j.Gpus * j.V100Seconds);

    /// <summary>The largest job, in accelerators.</summary>
    public int MaxGpus => Jobs.Count == 0 ? 0 : Jobs.Max(j => j.Gpus);

    /// <summary>Sorts by arrival, stable, so that file order breaks ties the same way on every run.</summary>
    public static Trace Sorted(string name, IEnumerable<TraceJob> jobs) =>
        new(name, jobs.Select((j, i) => (j, i)).OrderBy(p => p.j.SubmitSeconds).ThenBy(p => p.i).Select(p => p.j).ToList());
}
