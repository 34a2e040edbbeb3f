using OnePool.Core.Specs;

namespace OnePool.Scheduler.Speeds;

/// <summary>
/// Built-in relative speeds of accelerator models per workload class, V100 = 1.0. They are rough ratios from
/// public training/inference results (MLPerf rounds, vendor whitepapers, Gavel's measured throughputs for the
/// older models) and exist so that "H100:8 or A100-80G:8" can be compared before anything is measured. A job's
/// <c>throughput</c> and a site's measured speeds override them; an unknown model counts as 1.0.
/// </summary>
public static class ThroughputTable
{
    private static readonly Dictionary<string, (double Training, double FineTuning, double Inference)> Speeds =
        new(StringComparer.OrdinalIgnoreCase)
        {
            ["K80"] = (0.2, 0.25, 0.25),
            ["P100"] = (0.5, 0.55, 0.55),
            ["V100"] = (1.0, 1.0, 1.0),
            ["V100-32G"] = (1.0, 1.05, 1.0),
            ["T4"] = (0.3, 0.4, 0.6),
            ["A10G"] = (0.6, 0.7, 0.9),
            ["L4"] = (0.55, 0.65, 1.0),
            ["L40S"] = (1.5, 1.6, 2.0),
            ["A100-40G"] = (2.2, 2.0, 2.0),
            ["A100-80G"] = (2.5, 2.3, 2.2),
            ["A800"] = (2.3, 2.2, 2.1),
            ["H100"] = (5.0, 4.0, 4.0),
            ["H800"] = (4.6, 3.8, 3.8),
            ["H200"] = (5.8, 4.6, 5.0),
            ["B200"] = (10.0, 8.0, 9.0),
            ["MI250X"] = (2.0, 1.8, 1.8),
            ["MI300X"] = (4.5, 3.8, 4.5),
            ["Gaudi2"] = (2.6, 2.3, 2.4),
            ["Ascend-910B"] = (1.9, 1.8, 1.7),
        };

    /// <summary>The relative speed of <paramref name="model"/> for <paramref name="workload"/>.</summary>
    public static double Speed(string model, WorkloadClass workload)
    {
        if (!Speeds.TryGetValue(model, out var s))
        {
            return 1.0;
        }

        return workload switch
        {
            WorkloadClass.FineTuning => s.FineTuning,
            WorkloadClass.Inference => s.Inference,
            _ => s.Training,
        };
    }

    /// <summary>The speed used for a job: the job's own figure, else the site's measured one, else the table's.</summary>
    public static double Speed(string model, JobRequirements job, IReadOnlyDictionary<string, double>? site)
    {
        ArgumentNullException.ThrowIfNull(job);
        if (job.Throughput.TryGetValue(model, out var own))
        {
            return own;
        }

        return site is not null && site.TryGetValue(model, out var measured) ? measured : Speed(model, job.Workload);
    }
}
