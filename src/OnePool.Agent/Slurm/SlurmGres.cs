using System.Globalization;

namespace OnePool.Agent.Slurm;

/// <summary>GPU requests and inventories in Slurm's GRES/TRES notation, one parser for every place the agent reads
/// them: a node's <c>gres</c> (<c>gpu:a100:4(S:0-1),gpu:v100:2</c>, <c>gpu:4</c>) and a job's <c>tres_per_node</c>
/// (<c>gres:gpu:a100:2</c>, <c>gres/gpu:4</c>).</summary>
internal static class SlurmGres
{
    /// <summary>The GPU entries: the type (null when untyped) and the count; other resources are skipped.</summary>
    public static IEnumerable<(string? Type, int Count)> Gpus(string? text)
    {
        foreach (var entry in (text ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = entry.Split('(')[0].Replace("gres/", "gres:", StringComparison.Ordinal).Split(':');
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
