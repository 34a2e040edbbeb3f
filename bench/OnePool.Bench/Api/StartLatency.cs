using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using OnePool.Bench.Shared;

namespace OnePool.Bench.Api;

/// <summary>
/// Submit-to-start latency: short jobs submitted at a steady pace (well below what the pool can run, so nothing
/// queues for room), each writing the wall-clock time it started (<c>date +%s%N</c>) to a file named after its job.
/// Latency = that time − the time the client began its submission. The same measure for <c>sbatch</c> on a local
/// Slurm cluster when one can be started (root, Slurm installed): both clocks are this machine's.
/// </summary>
internal static class StartLatency
{
    /// <summary>Submissions per second through OnePool.</summary>
    public const int Rate = 20;

    /// <summary>Submissions per second to sbatch: the two-node test cluster starts about 4 short jobs a second on
    /// this 2-core machine (bench slurm), so at OnePool's pace its queue would only grow and the figure would be
    /// queueing, not dispatch.</summary>
    public const int SbatchRate = 2;

    public static async Task<IReadOnlyList<double>> OnePoolAsync(BrokerUnderTest broker, int jobs, CancellationToken cancellationToken)
    {
        var marks = Path.Combine(broker.Folder, "starts");
        Directory.CreateDirectory(marks);
        using var client = broker.Client(broker.TenantToken, 8);
        var submitted = new Dictionary<string, long>(StringComparer.Ordinal);
        await PacedAsync(jobs, Rate, async () =>
        {
            var at = NowNanoseconds();
            var spec = $"name: start\nresources: {{cpu: 1, memory: 64Mi}}\nrun: date +%s%N > {marks}/$ONEPOOL_JOB_ID.start\n";
            using var response = await client.PostAsync(new Uri("v1/jobs", UriKind.Relative), new StringContent(spec), cancellationToken);
            response.EnsureSuccessStatusCode();
            var id = (await response.Content.ReadFromJsonAsync<JsonElement>(BrokerUnderTest.Json, cancellationToken)).GetProperty("id").GetInt64();
            submitted[id.ToString(CultureInfo.InvariantCulture)] = at;
        }, cancellationToken);
        return await CollectAsync(marks, submitted, cancellationToken);
    }

    /// <summary>The same through <c>sbatch</c>; <paramref name="env"/> points at the cluster (SLURM_CONF).</summary>
    public static async Task<IReadOnlyList<double>> SbatchAsync(IReadOnlyDictionary<string, string> env, string folder, int jobs, CancellationToken cancellationToken)
    {
        var marks = Path.Combine(folder, "sbatch-starts");
        Directory.CreateDirectory(marks);
        var submitted = new Dictionary<string, long>(StringComparer.Ordinal);
        await PacedAsync(jobs, SbatchRate, async () =>
        {
            var at = NowNanoseconds();
            var (code, output) = await BenchTools.RunAsync("sbatch",
                ["--parsable", "-c", "1", "--mem=100", "-o", "/dev/null", "--wrap", $"date +%s%N > {marks}/$SLURM_JOB_ID.start"], cancellationToken, env);
            if (code != 0)
            {
                throw new InvalidOperationException($"sbatch failed: {output.Trim()}");
            }

            submitted[output.Trim().Split(';')[0]] = at;
        }, cancellationToken);
        return await CollectAsync(marks, submitted, cancellationToken);
    }

    public static string Describe(string what, int rate, IReadOnlyList<double> sorted) =>
        string.Create(CultureInfo.InvariantCulture,
            $"  {what,-9} {sorted.Count} jobs at {rate}/s: start latency p50 {BenchTools.Percentile(sorted, 50):F0} ms, p99 {BenchTools.Percentile(sorted, 99):F0} ms, max {sorted[^1]:F0} ms");

    /// <summary>Calls <paramref name="submit"/> <paramref name="count"/> times, the i-th at i / <paramref name="rate"/> s
    /// (one at a time, so a slow answer delays the next rather than piling up).</summary>
    private static async Task PacedAsync(int count, int rate, Func<Task> submit, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < count; i++)
        {
            var due = TimeSpan.FromSeconds((double)i / rate) - clock.Elapsed;
            if (due > TimeSpan.Zero)
            {
                await Task.Delay(due, cancellationToken);
            }

            await submit();
        }
    }

    private static async Task<IReadOnlyList<double>> CollectAsync(string marks, Dictionary<string, long> submitted, CancellationToken cancellationToken)
    {
        await BenchTools.WaitUntilAsync(() => Task.FromResult(Directory.GetFiles(marks, "*.start").Length >= submitted.Count), TimeSpan.FromMinutes(5), cancellationToken);
        var latencies = new List<double>(submitted.Count);
        foreach (var (id, at) in submitted)
        {
            var path = Path.Combine(marks, id + ".start");
            string text;
            while ((text = (await File.ReadAllTextAsync(path, cancellationToken)).Trim()).Length == 0)
            {
                await Task.Delay(10, cancellationToken); // created, not yet written
            }

            latencies.Add((long.Parse(text, CultureInfo.InvariantCulture) - at) / 1e6);
        }

        latencies.Sort();
        return latencies;
    }

    // The wall clock, as the job's own `date +%s%N` reads it.
    private static long NowNanoseconds() => (TimeProvider.System.GetUtcNow() - DateTimeOffset.UnixEpoch).Ticks * 100;
}
