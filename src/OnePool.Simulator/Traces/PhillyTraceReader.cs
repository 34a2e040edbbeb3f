namespace OnePool.Simulator.Traces;

/// <summary>
/// Reads Gavel's re-encoding of the Microsoft Philly trace (<c>philly_gavel_jobs.csv</c>, see
/// <c>shared/traces/philly-gavel-vc/README.md</c>): one row per job with its virtual cluster (the tenant), arrival
/// relative to that VC's first job, GPUs, V100 duration and Gavel's synthetic job type.
/// </summary>
internal static class PhillyTraceReader
{
    public const string FileName = "philly_gavel_jobs.csv";

    private static readonly string[] Required = ["job_id", "vc", "submit_time_s", "num_gpus", "duration_s"];

    /// <summary>True when the header looks like this format.</summary>
    public static bool Recognises(CsvTable table) => table.Has("vc") && table.Has("duration_s") && table.Has("num_gpus");

    public static Trace Read(string path, int seed)
    {
        var table = CsvTable.Read(path, Required);
        var jobs = table.Rows.Select(row => JobRows.Job(row,
            id: row.Text("job_id"),
            submit: row.Number("submit_time_s"),
            gpus: row.Whole("num_gpus"),
            duration: row.Number("duration_s"),
            jobType: row.Text("gavel_job_type_seed0"),
            tenant: row.Text("vc"),
            seed));
        return Trace.Sorted("philly-gavel-vc", jobs);
    }
}
