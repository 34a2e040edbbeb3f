using System.Globalization;

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

            foreach (var (type, perNode) in Gpus(job.TresPerNode))
            {
                var model = SlurmInventory.ToPoolModel(type ?? "gpu", settings);
                queued[model] = queued.GetValueOrDefault(model) + (perNode * Math.Max(1, job.NodeCount ?? 1));
            }
        }

        return queued;
    }

    /// <summary>GPU requests in a <c>tres_per_node</c> string: <c>gres:gpu:a100:2</c>, <c>gres/gpu:4</c>, <c>gpu:2</c>.</summary>
    public static IEnumerable<(string? Type, int Count)> Gpus(string? tresPerNode)
    {
        foreach (var entry in (tresPerNode ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = entry.Replace("gres/", "gres:", StringComparison.Ordinal).Split(':');
            var start = parts[0] == "gres" ? 1 : 0;
            if (parts.Length - start < 2 || parts[start] != "gpu"
                || !int.TryParse(parts[^1], NumberStyles.None, CultureInfo.InvariantCulture, out var count))
            {
                continue;
            }

            yield return (parts.Length - start >= 3 ? parts[start + 1] : null, count);
        }
    }
}
