namespace OnePool.Simulator.Traces;

/// <summary>The checks every trace format applies to one job row.</summary>
internal static class JobRows
{
    public static TraceJob Job(CsvRow row, string id, double submit, int gpus, double duration, string jobType, string tenant, int seed)
    {
        if (id.Length == 0)
        {
            throw row.Error("job_id is empty");
        }

        if (submit < 0)
        {
            throw row.Error($"submit_time_s {submit} is negative");
        }

        if (gpus < 1)
        {
            throw row.Error($"num_gpus {gpus} must be at least 1");
        }

        if (duration <= 0)
        {
            throw row.Error($"duration_s {duration} must be positive");
        }

        if (jobType.Length > 0 && !Speeds.ThroughputMatrix.Default.Knows(jobType))
        {
            throw row.Error($"job_type '{jobType}' is not in Gavel's throughput matrix (e.g. 'ResNet-50 (batch size 64)')");
        }

        var type = jobType.Length > 0 ? jobType : JobTypes.Assign(id, seed);
        return new TraceJob(id, submit, gpus, duration, type, tenant.Length > 0 ? tenant : "default");
    }
}
