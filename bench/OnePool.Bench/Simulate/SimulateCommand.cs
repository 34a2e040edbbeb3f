using System.Globalization;
using OnePool.Simulator.Engine;
using OnePool.Simulator.Metrics;
using OnePool.Simulator.Policies;
using OnePool.Simulator.Pools;
using OnePool.Simulator.Replay;
using OnePool.Simulator.Traces;

namespace OnePool.Bench.Simulate;

/// <summary>
/// <c>simulate</c>: the 12 Philly virtual clusters (Gavel's encoding, copied to <c>Simulate/data</c>) replayed
/// together, one tenant per VC, on the default homogeneous V100 pool at offered load 0.8, under every policy; then
/// each VC alone; then the 12 VCs on a heterogeneous V100/P100/K80 pool. Prints one line per policy and setting;
/// <c>--quick</c> replays the first tenth of the jobs.
/// </summary>
internal static class SimulateCommand
{
    public const double Load = 0.8;

    /// <summary>Offered load of the heterogeneous run.</summary>
    public const double HeterogeneousLoad = 0.5;

    public static int Run(BenchArguments options, TextWriter output)
    {
        var path = Find("bench/OnePool.Bench/Simulate/data/philly_gavel_jobs.csv");
        var loaded = TraceLoader.Load(path, options.Seed);
        if (options.Quick)
        {
            loaded = loaded with { Trace = loaded.Trace with { Jobs = [.. loaded.Trace.Jobs.Take(loaded.Trace.Jobs.Count / 10)] } };
        }

        var setup = ReplaySetup.Create(loaded, pool: null, Load, new SimulationOptions { Seed = options.Seed });
        var vcs = setup.Trace.Jobs.Select(j => j.Tenant).Distinct().Count();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"# trace {path}: {setup.Trace.Jobs.Count} jobs, {vcs} VCs; pool {setup.Pool.Describe()}; load {setup.Bounds.OfferedLoad:F2}; " +
            $"avg JCT bound {setup.Bounds.AverageJctBound / 3600:F2} h; makespan bound {setup.Bounds.MakespanBound / 3600:F1} h"));
        foreach (var policy in PolicyCatalog.Names)
        {
            WriteLine(output, $"trace=philly vcs={vcs}", Load, Replayer.Run(setup, policy, progress: null, CancellationToken.None).Summary);
        }

        PerVc(loaded, options, output);
        Heterogeneous(loaded, options, output);
        return 0;
    }

    /// <summary>Gavel's 1:1:1 V100/P100/K80 cluster, scaled down (<c>Simulate/data/gavel-hetero-pool.yaml</c>), under
    /// the 12 VCs together at <see cref="HeterogeneousLoad"/> (V100-seconds over pool GPUs: the P100s and K80s are
    /// slower, so the load on what the pool can do is higher).</summary>
    private static void Heterogeneous(LoadedTrace loaded, BenchArguments options, TextWriter output)
    {
        var poolFile = Find("bench/OnePool.Bench/Simulate/data/gavel-hetero-pool.yaml");
        var setup = ReplaySetup.Create(loaded, PoolYamlReader.Read(poolFile), HeterogeneousLoad, new SimulationOptions { Seed = options.Seed });
        var vcs = setup.Trace.Jobs.Select(j => j.Tenant).Distinct().Count();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"# pool {poolFile}: {setup.Pool.Describe()}; load {setup.Bounds.OfferedLoad:F2}; " +
            $"avg JCT bound {setup.Bounds.AverageJctBound / 3600:F2} h; makespan bound {setup.Bounds.MakespanBound / 3600:F1} h"));
        foreach (var policy in PolicyCatalog.Names)
        {
            WriteLine(output, $"trace=philly pool=gavel-hetero vcs={vcs}", HeterogeneousLoad, Replayer.Run(setup, policy, progress: null, CancellationToken.None).Summary);
        }
    }

    private static void WriteLine(TextWriter output, string what, double load, PolicySummary s) =>
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"simulate-bench {what} jobs={s.Jobs} policy={s.Policy} load={load} avg_jct_h={s.AverageJct / 3600:F2} " +
            $"p50_jct_h={s.MedianJct / 3600:F2} p99_jct_h={s.P99Jct / 3600:F2} avg_queue_h={s.AverageQueueingDelay / 3600:F2} " +
            $"makespan_h={s.Makespan / 3600:F1} util={s.Utilisation:F3} max_rho={s.MaxRho:F1} cost={s.Cost:F0} preemptions={s.Preemptions} " +
            $"cycles={s.Cycles} wall_s={s.WallSeconds:F2}"));

    /// <summary>Gavel's setting: each VC replayed alone on its own default pool at the same load; the figures pool
    /// every VC's jobs.</summary>
    private static void PerVc(LoadedTrace loaded, BenchArguments options, TextWriter output)
    {
        var vcs = loaded.Trace.Jobs.GroupBy(j => j.Tenant).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => ReplaySetup.Create(new LoadedTrace(Trace.Sorted(g.Key, g), null), pool: null, Load, new SimulationOptions { Seed = options.Seed }))
            .Where(s => s.Trace.Jobs.Count > 1)
            .ToList();
        foreach (var policy in PolicyCatalog.Names)
        {
            var runs = vcs.Select(setup => Replayer.Run(setup, policy, progress: null, CancellationToken.None)).ToList();
            var jcts = runs.SelectMany(r => r.Result.Jobs.Where(j => j.Finished).Select(j => j.CompletionTime)).Order().ToArray();
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"simulate-bench trace=philly mode=per-vc vcs={vcs.Count} jobs={jcts.Length} policy={policy} load={Load} " +
                $"avg_jct_h={jcts.Average() / 3600:F2} p50_jct_h={PolicySummary.Percentile(jcts, 0.5) / 3600:F2} " +
                $"p99_jct_h={PolicySummary.Percentile(jcts, 0.99) / 3600:F2} preemptions={runs.Sum(r => r.Summary.Preemptions)} " +
                $"wall_s={runs.Sum(r => r.Summary.WallSeconds):F2}"));
        }
    }

    private static string Find(string relative)
    {
        foreach (var start in (string[])[Directory.GetCurrentDirectory(), AppContext.BaseDirectory])
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, relative);
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        throw new FileNotFoundException($"cannot find {relative} above the current or the program's folder");
    }
}
