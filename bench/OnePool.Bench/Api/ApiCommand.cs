using System.Globalization;
using OnePool.Bench.Faults;
using OnePool.Bench.Shared;
using OnePool.TestKit.Postgres;

namespace OnePool.Bench.Api;

/// <summary>
/// <c>api</c>: durable submission throughput through the real HTTP API with 32 concurrent clients, on the SQLite
/// store and on PostgreSQL (a throw-away server, as in the tests), then submit-to-start latency of short jobs on two
/// sites of local agents, and the same for <c>sbatch</c> on a local Slurm cluster when one can be started.
/// </summary>
internal static class ApiCommand
{
    // Before the measured run the broker is warmed up in rounds, at least six, until two rounds agree within 10%: .NET recompiles the
    // hot code with profile data in the background during the first tens of thousands of requests, on the same two
    // cores, and a broker runs for days. The rounds' rates are printed, so the cold figure is there too.
    private const int WarmupRound = 5_000;
    private const int MinWarmupRounds = 6;
    private const int MaxWarmupRounds = 12;
    private const double Agreement = 0.10;

    public static async Task<int> RunAsync(BenchArguments arguments, TextWriter output, CancellationToken cancellationToken)
    {
        var submissions = arguments.Quick ? 2_000 : 20_000;
        var jobs = arguments.Quick ? 100 : 1_000;
        if (OnePoolExecutable.Find(output) is not { } executable)
        {
            return 2;
        }

        output.WriteLine($"OnePool API bench: {submissions:N0} submissions by {SubmitLoad.Clients} clients per store; {jobs:N0} short jobs for start latency; {Environment.ProcessorCount} cores");
        var lines = new List<string>();

        using (var sqlite = await BrokerUnderTest.StartAsync(executable, null, cancellationToken))
        {
            await WarmUpAsync("sqlite", sqlite, arguments.Quick, output, cancellationToken);
            var (perSecond, latencies, cpu, clientCpu) = await SubmitLoad.RunAsync(sqlite, submissions, cancellationToken);
            output.WriteLine(SubmitLoad.Describe("sqlite", perSecond, latencies, cpu, clientCpu));
            output.WriteLine(SubmitLoad.DescribeBatches(await sqlite.GroupCommitAsync(cancellationToken)));
            lines.Add(Line("sqlite", perSecond, latencies));
        }

        if (PostgresServer.Available(out var why))
        {
            await using var postgres = await PostgresServer.StartAsync(cancellationToken, durable: true);
            using var broker = await BrokerUnderTest.StartAsync(executable, $"postgres://postgres@127.0.0.1:{postgres.Port.ToString(CultureInfo.InvariantCulture)}/postgres", cancellationToken);
            await WarmUpAsync("postgres", broker, arguments.Quick, output, cancellationToken);
            var (perSecond, latencies, cpu, clientCpu) = await SubmitLoad.RunAsync(broker, submissions, cancellationToken);
            output.WriteLine(SubmitLoad.Describe("postgres", perSecond, latencies, cpu, clientCpu));
            output.WriteLine(SubmitLoad.DescribeBatches(await broker.GroupCommitAsync(cancellationToken)));
            lines.Add(Line("postgres", perSecond, latencies));
        }
        else
        {
            output.WriteLine($"  postgres  skipped: {why} (scripts/test.sh installs it)");
        }

        using (var pool = await BrokerUnderTest.StartAsync(executable, null, cancellationToken))
        {
            await pool.AddLocalSitesAsync(2, 8, cancellationToken);
            var starts = await StartLatency.OnePoolAsync(pool, jobs, cancellationToken);
            output.WriteLine(StartLatency.Describe("onepool", StartLatency.Rate, starts));
            lines.Add(string.Create(CultureInfo.InvariantCulture,
                $"e2e-bench start_p50_ms={BenchTools.Percentile(starts, 50):F0} start_p99_ms={BenchTools.Percentile(starts, 99):F0}"));
        }

        if (await SbatchLatencyAsync(jobs / 10, output, cancellationToken) is { } sbatch)
        {
            output.WriteLine(StartLatency.Describe("sbatch", StartLatency.SbatchRate, sbatch));
            lines.Add(string.Create(CultureInfo.InvariantCulture,
                $"sbatch-bench start_p50_ms={BenchTools.Percentile(sbatch, 50):F0} start_p99_ms={BenchTools.Percentile(sbatch, 99):F0}"));
        }

        foreach (var line in lines)
        {
            output.WriteLine(line);
        }

        return 0;
    }

    private static async Task WarmUpAsync(string store, BrokerUnderTest broker, bool quick, TextWriter output, CancellationToken cancellationToken)
    {
        var (size, most) = quick ? (WarmupRound / 10, MinWarmupRounds) : (WarmupRound, MaxWarmupRounds);
        var rates = new List<double>();
        while (rates.Count < most && (rates.Count < MinWarmupRounds || Math.Abs(rates[^1] - rates[^2]) > Agreement * rates[^2]))
        {
            rates.Add((await SubmitLoad.RunAsync(broker, size, cancellationToken)).PerSecond);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {store,-9} warm-up round {rates.Count}: {rates[^1]:F0} submissions/s ({size:N0} submissions)"));
        }
    }

    private static string Line(string store, double perSecond, IReadOnlyList<double> latencies) =>
        string.Create(CultureInfo.InvariantCulture, $"api-bench store={store} submit_per_s={perSecond:F0} p99_ms={BenchTools.Percentile(latencies, 99):F1}");

    /// <summary>sbatch's start latency on a two-node Slurm cluster started by scripts/slurm-cluster.sh; null (with a
    /// line saying why) when Slurm cannot be started here.</summary>
    private static async Task<IReadOnlyList<double>?> SbatchLatencyAsync(int jobs, TextWriter output, CancellationToken cancellationToken)
    {
        var script = BenchTools.FindInCheckout(Path.Combine("scripts", "slurm-cluster.sh"));
        if (script is null || Environment.UserName != "root" || !File.Exists("/usr/sbin/slurmctld"))
        {
            output.WriteLine("  sbatch    skipped: needs root and Slurm (sudo scripts/slurm-cluster.sh install)");
            return null;
        }

        var folder = Path.Combine(Path.GetTempPath(), $"onepool-api-bench-slurm-{Guid.NewGuid():N}");
        var slurm = Path.Combine(folder, "slurm");
        Directory.CreateDirectory(folder);
        try
        {
            var (code, up) = await BenchTools.RunAsync("bash", [script, "up", slurm, "18900"], cancellationToken);
            if (code != 0)
            {
                output.WriteLine($"  sbatch    skipped: the Slurm cluster did not start: {up.Trim()}");
                return null;
            }

            var env = new Dictionary<string, string> { ["SLURM_CONF"] = Path.Combine(slurm, "etc", "slurm.conf") };
            return await StartLatency.SbatchAsync(env, folder, jobs, cancellationToken);
        }
        finally
        {
            await BenchTools.RunAsync("bash", [script, "down", slurm], CancellationToken.None);
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
                // Slurm may still be writing; the folder is under /tmp.
            }
        }
    }
}
