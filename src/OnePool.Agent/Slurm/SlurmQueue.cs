namespace OnePool.Agent.Slurm;

/// <summary>What Slurm's own users have queued: the GPUs, by pool model, of pending jobs OnePool did not submit.
/// Reported with every node's lease; the scheduler counts it as the site's load (docs/slurm.md).</summary>
internal static class SlurmQueue
{
    public static IReadOnlyDictionary<string, int> Of(IReadOnlyList<SlurmJobInfo> jobs, SlurmSettings settings)
    {
        ArgumentNullException.ThrowIfNull(jobs);
        ArgumentNullException.ThrowIfNull(settings);
        var queued = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        foreach (var job in jobs)
        {
            if (job.JobState != "PENDING" || job.Name?.StartsWith("onepool-", StringComparison.Ordinal) == true)
            {
                continue;
            }

            foreach (var (type, perNode) in SlurmGres.Gpus(job.TresPerNode))
            {
                var model = SlurmInventory.ToPoolModel(type ?? "gpu", settings);
                queued[model] = queued.GetValueOrDefault(model) + (perNode * Math.Max(1, job.NodeCount ?? 1));
            }
        }

        return queued;
    }
}
