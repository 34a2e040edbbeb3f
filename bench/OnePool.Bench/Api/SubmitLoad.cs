using System.Diagnostics;
using System.Globalization;
using OnePool.Bench.Shared;

namespace OnePool.Bench.Api;

/// <summary>
/// Durable submission throughput: <see cref="Clients"/> concurrent clients each POST /v1/jobs in a loop (a small
/// JSON spec as the CLI sends it, a fresh Idempotency-Key each) until the total is reached. A submission counts when the broker answered
/// 201, which it does only after the job is committed (group commit: SubmissionBatcher).
/// </summary>
internal static class SubmitLoad
{
    public const int Clients = 32;

    // What `onepool submit` sends: the CLI reads any format and posts the job as JSON.
    private const string Spec = """{"name":"bench","resources":{"cpu":"1","memory":"64Mi"},"run":"echo hello"}""";

    /// <summary>Submits <paramref name="total"/> jobs; returns submissions per second and per-request latencies (ms, sorted).</summary>
    public static async Task<(double PerSecond, IReadOnlyList<double> LatenciesMs, TimeSpan ServerCpuPerSubmission, TimeSpan ClientCpuPerSubmission)> RunAsync(
        BrokerUnderTest broker, int total, CancellationToken cancellationToken)
    {
        var cpuBefore = broker.ServerCpu();
        using var self = Process.GetCurrentProcess();
        var clientCpuBefore = self.TotalProcessorTime;
        using var client = broker.Client(broker.TenantToken, Clients);
        var next = -1;
        var latencies = new double[total];
        var clock = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, Clients).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < total)
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("v1/jobs", UriKind.Relative)) { Content = new StringContent(Spec) };
                request.Headers.Add("Idempotency-Key", $"bench-{i.ToString(CultureInfo.InvariantCulture)}-{Guid.NewGuid():N}");
                var started = Stopwatch.GetTimestamp();
                using var response = await client.SendAsync(request, cancellationToken);
                if ((int)response.StatusCode != 201)
                {
                    throw new InvalidOperationException($"POST /v1/jobs answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken)}");
                }

                latencies[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            }
        }, cancellationToken)).ToArray();
        await Task.WhenAll(workers);
        var elapsed = clock.Elapsed;
        Array.Sort(latencies);
        self.Refresh();
        return (total / elapsed.TotalSeconds, latencies, (broker.ServerCpu() - cpuBefore) / total, (self.TotalProcessorTime - clientCpuBefore) / total);
    }

    public static string DescribeBatches((double MeanBatch, double MeanCommitMs, double Cycles, double MeanCycleMs) broker) =>
        string.Create(CultureInfo.InvariantCulture,
            $"            group commit: {broker.MeanBatch:F1} submissions per batch on average, {broker.MeanCommitMs:F2} ms per commit; {broker.Cycles:F0} scheduling cycles, {broker.MeanCycleMs:F1} ms each on average (warm-up included)");

    public static string Describe(string store, double perSecond, IReadOnlyList<double> sorted, TimeSpan serverCpu, TimeSpan clientCpu) =>
        string.Create(CultureInfo.InvariantCulture,
            $"  {store,-9} {perSecond,8:F0} submissions/s   latency p50 {BenchTools.Percentile(sorted, 50):F1} ms, p99 {BenchTools.Percentile(sorted, 99):F1} ms, max {sorted[^1]:F1} ms; CPU per submission: broker {serverCpu.TotalMicroseconds:F0} µs, the 32 clients {clientCpu.TotalMicroseconds:F0} µs (same cores)");
}
