namespace OnePool.Simulator.Traces;

/// <summary>
/// Reads the generic trace CSV: header <c>job_id,submit_time_s,num_gpus,duration_s[,job_type][,tenant]</c>, one
/// job per line, times in seconds (fractions allowed), duration measured on (or meant as) V100s. A missing or empty
/// job_type is assigned by <see cref="JobTypes"/>; a missing tenant is <c>default</c>. See docs/simulator.md.
/// </summary>
internal static class GenericCsvTraceReader
{
    private static readonly string[] Required = ["job_id", "submit_time_s", "num_gpus", "duration_s"];

    public static Trace Read(string path, int seed)
    {
        var table = CsvTable.Read(path, Required);
        var jobs = table.Rows.Select(row => JobRows.Job(row,
            id: row.Text("job_id"),
            submit: row.Number("submit_time_s"),
            gpus: row.Whole("num_gpus"),
            duration: row.Number("duration_s"),
            jobType: row.Text("job_type"),
            tenant: row.Text("tenant"),
            seed));
        return Trace.Sorted(Path.GetFileNameWithoutExtension(path), jobs);
    }
}
