using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using OnePool.Simulator.Metrics;
using OnePool.Simulator.Replay;

namespace OnePool.Simulator.Output;

/// <summary>
/// Writes a replay's results under <c>--out DIR</c>: <c>summary.json</c> (settings, bounds, every policy's figures
/// and curves), <c>summary.csv</c> (one row per policy), <c>jobs-POLICY.csv</c> (one row per job),
/// <c>utilisation.csv</c>, and the charts <c>jct-cdf.svg</c> and <c>utilisation.svg</c>.
/// </summary>
internal static class ReportWriter
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerOptions.Web)
    {
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <returns>The paths written.</returns>
    public static IReadOnlyList<string> Write(string directory, ReplaySetup setup, string traceName, IReadOnlyList<PolicyRun> runs)
    {
        ArgumentNullException.ThrowIfNull(setup);
        ArgumentNullException.ThrowIfNull(runs);
        Directory.CreateDirectory(directory);
        var written = new List<string>();
        var until = runs.Count == 0 ? 0 : runs.Max(r => r.Result.Jobs.Max(j => j.End));
        var utilisation = runs.ToDictionary(r => r.Summary.Policy, r => Series.Utilisation(r.Result, until));
        var cdfs = runs.ToDictionary(r => r.Summary.Policy, r => Series.JctCdf(r.Result));

        void Save(string name, string text)
        {
            var path = Path.Combine(directory, name);
            File.WriteAllText(path, text);
            written.Add(path);
        }

        var document = new
        {
            Trace = traceName,
            Jobs = setup.Trace.Jobs.Count,
            Pool = setup.Pool.Describe(),
            setup.Options.Seed,
            Failures = setup.Options.Failures.ToString(),
            setup.Options.CheckpointIntervalSeconds,
            setup.Bounds,
            Policies = runs.Select(r => r.Summary),
            Utilisation = utilisation.ToDictionary(u => u.Key, u => u.Value.Select(p => new[] { p.Hours, p.Utilisation })),
            JctCdf = cdfs.ToDictionary(c => c.Key, c => c.Value.Select(p => new[] { p.Hours, p.Fraction })),
        };
        Save("summary.json", JsonSerializer.Serialize(document, Json));
        Save("summary.csv", SummaryCsv(runs));
        foreach (var run in runs)
        {
            Save($"jobs-{run.Summary.Policy}.csv", JobsCsv(run.Result));
        }

        Save("utilisation.csv", UtilisationCsv(utilisation));
        var cdfChart = new SvgChart($"Job completion time CDF ({traceName})", "JCT (hours, log scale)", "fraction of jobs", logX: true);
        var utilChart = new SvgChart($"Accelerator utilisation ({traceName})", "time (hours)", "fraction of accelerators held", logX: false);
        foreach (var run in runs)
        {
            cdfChart.Add(run.Summary.Policy, cdfs[run.Summary.Policy]);
            utilChart.Add(run.Summary.Policy, utilisation[run.Summary.Policy]);
        }

        Save("jct-cdf.svg", cdfChart.Render());
        Save("utilisation.svg", utilChart.Render());
        return written;
    }

    public static string SummaryCsv(IReadOnlyList<PolicyRun> runs)
    {
        ArgumentNullException.ThrowIfNull(runs);
        var csv = new StringBuilder("policy,jobs,finished,failed,avg_jct_s,median_jct_s,p95_jct_s,p99_jct_s,avg_queueing_s,makespan_s,utilisation,effective_training_time,mean_rho,max_rho,cost,preemptions,node_failures,cycles,wall_s\n");
        foreach (var s in runs.Select(r => r.Summary))
        {
            csv.AppendLine(F($"{s.Policy},{s.Jobs},{s.Finished},{s.Failed},{s.AverageJct:F1},{s.MedianJct:F1},{s.P95Jct:F1},{s.P99Jct:F1},{s.AverageQueueingDelay:F1},{s.Makespan:F1},{s.Utilisation:F4},{s.EffectiveTrainingTime:F4},{s.MeanRho:F3},{s.MaxRho:F3},{s.Cost:F2},{s.Preemptions},{s.NodeFailures},{s.Cycles},{s.WallSeconds:F3}"));
        }

        return csv.ToString();
    }

    private static string JobsCsv(SimulationResult result)
    {
        var csv = new StringBuilder("job_id,tenant,gpus,submit_s,first_start_s,end_s,finished,jct_s,queueing_s,fastest_runtime_s,allocated_gpu_s,productive_gpu_s,cost,preemptions,node_failures\n");
        foreach (var j in result.Jobs)
        {
            csv.AppendLine(F($"{j.Id},{j.Tenant},{j.Gpus},{j.Submit:F1},{j.FirstStart:F1},{j.End:F1},{(j.Finished ? 1 : 0)},{j.CompletionTime:F1},{j.QueueingDelay:F1},{j.FastestRuntime:F1},{j.AllocatedGpuSeconds:F1},{j.ProductiveGpuSeconds:F1},{j.Cost:F4},{j.Preemptions},{j.NodeFailures}"));
        }

        return csv.ToString();
    }

    private static string UtilisationCsv(Dictionary<string, IReadOnlyList<(double Hours, double Utilisation)>> series)
    {
        var policies = series.Keys.ToList();
        var csv = new StringBuilder("hours," + string.Join(',', policies) + "\n");
        var rows = policies.Count == 0 ? 0 : series[policies[0]].Count;
        for (var i = 0; i < rows; i++)
        {
            csv.Append(F($"{series[policies[0]][i].Hours:F3}"));
            foreach (var p in policies)
            {
                csv.Append(F($",{series[p][i].Utilisation:F4}"));
            }

            csv.Append('\n');
        }

        return csv.ToString();
    }

    private static string F(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
