using System.Globalization;
using System.Text.Json;
using OnePool.Core.Specs;

namespace OnePool.Core.Importers;

/// <summary>A job array: the same job once per index (Slurm's <c>--array</c>). OnePool has no array object; the CLI
/// submits one job per index, made by <see cref="Expand"/>.</summary>
/// <param name="Text">The array as written (<c>1-72%8</c>).</param>
/// <param name="Indices">The indices, ascending and distinct; at least one and at most <see cref="MaxJobs"/>.</param>
/// <param name="MaxRunning">The <c>%N</c> throttle (at most N elements running at once), if given. OnePool does not
/// enforce it: every element is queued at once.</param>
public sealed record JobArray(string Text, IReadOnlyList<int> Indices, int? MaxRunning)
{
    /// <summary>The most elements one array may expand to (Slurm's default <c>MaxArraySize</c> is 1001).</summary>
    public const int MaxJobs = 1000;

    /// <summary>Label each element carries with its index.</summary>
    public const string IndexLabel = "slurm.array.index";

    /// <summary>Makes one job per index from <paramref name="template"/> (left unchanged). Each gets the environment
    /// Slurm gives array tasks (<c>SLURM_ARRAY_TASK_ID</c>, <c>_COUNT</c>, <c>_MIN</c>, <c>_MAX</c>), the label
    /// <see cref="IndexLabel"/>, and its name suffixed with <c>-INDEX</c> so the elements can be told apart.</summary>
    public IReadOnlyList<JobSpec> Expand(JobSpec template)
    {
        ArgumentNullException.ThrowIfNull(template);
        var json = JsonSerializer.Serialize(template, JobSpecReader.JsonOptions);
        var jobs = new List<JobSpec>(Indices.Count);
        foreach (var index in Indices)
        {
            var job = JsonSerializer.Deserialize<JobSpec>(json, JobSpecReader.JsonOptions)!;
            var text = index.ToString(CultureInfo.InvariantCulture);
            job.Env = new Dictionary<string, string>(job.Env ?? new Dictionary<string, string>(), StringComparer.Ordinal)
            {
                ["SLURM_ARRAY_TASK_ID"] = text,
                ["SLURM_ARRAY_TASK_COUNT"] = Indices.Count.ToString(CultureInfo.InvariantCulture),
                ["SLURM_ARRAY_TASK_MIN"] = Indices[0].ToString(CultureInfo.InvariantCulture),
                ["SLURM_ARRAY_TASK_MAX"] = Indices[^1].ToString(CultureInfo.InvariantCulture),
            };
            job.Labels = new Dictionary<string, string>(job.Labels ?? new Dictionary<string, string>(), StringComparer.Ordinal)
            {
                [IndexLabel] = text,
            };
            var name = job.Name ?? "job";
            var suffix = "-" + text;
            job.Name = (name.Length + suffix.Length > 100 ? name[..(100 - suffix.Length)] : name) + suffix;
            jobs.Add(job);
        }

        return jobs;
    }
}
