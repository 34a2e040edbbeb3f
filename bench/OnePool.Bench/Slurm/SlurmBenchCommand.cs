using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using OnePool.Bench.Faults;
using OnePool.Bench.Shared;

namespace OnePool.Bench.Slurm;

/// <summary>
/// <c>slurm</c>: the overhead of going through OnePool to a Slurm site. A real two-node Slurm cluster
/// (scripts/slurm-cluster.sh) runs N one-second jobs twice: submitted through OnePool (broker + slurm agent, real
/// processes, HTTP submissions) and submitted straight to <c>sbatch</c>. Each time runs from the first submission to
/// the last job's end. Needs root and Slurm installed (<c>scripts/slurm-cluster.sh install</c>).
/// </summary>
internal static class SlurmBenchCommand
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static async Task<int> RunAsync(BenchArguments arguments, TextWriter output, CancellationToken cancellationToken)
    {
        var jobs = arguments.Quick ? 100 : 1000;
        var executable = OnePoolExecutable.Find(output);
        var script = BenchTools.FindInCheckout(Path.Combine("scripts", "slurm-cluster.sh"));
        if (executable is null || script is null)
        {
            output.WriteLine("error: run from the checkout with onepool built (and scripts/slurm-cluster.sh present)");
            return 2;
        }

        var folder = Path.Combine(Path.GetTempPath(), $"onepool-slurm-bench-{Guid.NewGuid():N}");
        var slurmFolder = Path.Combine(folder, "slurm");
        Directory.CreateDirectory(folder);
        var started = new List<ChildProcess>();
        try
        {
            output.WriteLine($"OnePool Slurm bench: {jobs} one-second jobs on a two-node Slurm cluster (4 CPUs each), {Environment.ProcessorCount} cores");
            var (code, up) = await BenchTools.RunAsync("bash", [script, "up", slurmFolder, "18800"], cancellationToken);
            if (code != 0)
            {
                output.WriteLine($"error: the Slurm cluster did not start (as root: {script} install): {up.Trim()}");
                return 2;
            }

            var restUrl = up.Split('\n').Select(l => l.Trim()).First(l => l.StartsWith("SLURM_REST_URL=", StringComparison.Ordinal))["SLURM_REST_URL=".Length..];
            var (_, token) = await BenchTools.RunAsync("bash", [script, "token", slurmFolder, "nobody"], cancellationToken);
            var jwt = Path.Combine(slurmFolder, "onepool.jwt");
            await File.WriteAllTextAsync(jwt, token.Trim(), cancellationToken);
            var slurmEnv = new Dictionary<string, string> { ["SLURM_CONF"] = Path.Combine(slurmFolder, "etc", "slurm.conf") };

            var viaOnePool = await ThroughOnePoolAsync(executable, folder, new Uri(restUrl), jwt, jobs, started, output, cancellationToken);
            await WaitForIdleSlurmAsync(slurmEnv, cancellationToken);
            var direct = await ThroughSbatchAsync(slurmEnv, jobs, output, cancellationToken);

            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"slurm-bench jobs={jobs} onepool_s={viaOnePool.TotalSeconds:F1} sbatch_s={direct.TotalSeconds:F1} overhead={viaOnePool / direct:F2}"));
            return 0;
        }
        finally
        {
            foreach (var child in started)
            {
                child.KillTree();
                child.Dispose();
            }

            await BenchTools.RunAsync("bash", [script, "down", slurmFolder], CancellationToken.None);
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

    private static async Task<TimeSpan> ThroughOnePoolAsync(string executable, string folder, Uri restUrl, string jwt, int jobs,
        List<ChildProcess> started, TextWriter output, CancellationToken cancellationToken)
    {
        var port = BenchTools.FreePort();
        var url = new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/");
        var data = Path.Combine(folder, "broker");
        var server = ChildProcess.Start(executable, ["server", "--data", data, "--port", port.ToString(CultureInfo.InvariantCulture)],
            new Dictionary<string, string> { ["OnePool__Broker__ScheduleInterval"] = "00:00:00.200" }, folder);
        started.Add(server);
        await BenchTools.WaitForBrokerAsync(server, url, cancellationToken); // ready: the admin token is written
        using var http = new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromSeconds(60) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", (await File.ReadAllTextAsync(Path.Combine(data, "admin.token"), cancellationToken)).Trim());
        using var site = await http.PostAsJsonAsync("v1/sites", new { name = "hpc", kind = "slurm" }, Json, cancellationToken);
        site.EnsureSuccessStatusCode();
        var siteToken = (await site.Content.ReadFromJsonAsync<JsonElement>(Json, cancellationToken)).GetProperty("token").GetString()!;
        started.Add(ChildProcess.Start(executable,
            ["agent", "--broker", url.ToString(), "--data", Path.Combine(folder, "agent"), "--executor", "slurm", "--slurm-url", restUrl.ToString(),
             "--slurm-user", "nobody", "--slurm-token-file", jwt, "--slurm-queue-depth", "1"],
            new Dictionary<string, string> { ["ONEPOOL_TOKEN"] = siteToken }, folder));
        await BenchTools.WaitUntilAsync(async () => (await http.GetFromJsonAsync<JsonElement>("v1/nodes", Json, cancellationToken))
            .GetProperty("nodes").EnumerateArray().Count(n => n.GetProperty("state").GetString() == "ready") == 2, TimeSpan.FromSeconds(60), cancellationToken);

        var clock = Stopwatch.StartNew();
        for (var i = 0; i < jobs; i++)
        {
            using var body = new StringContent("name: one-second\nresources: {cpu: 1, memory: 500Mi}\nrun: sleep 1\n");
            using var response = await http.PostAsync(new Uri("v1/jobs", UriKind.Relative), body, cancellationToken);
            response.EnsureSuccessStatusCode();
        }

        output.WriteLine($"  onepool  {jobs} submitted in {clock.Elapsed.TotalSeconds:F1} s");
        await BenchTools.WaitUntilAsync(async () =>
        {
            var list = await http.GetFromJsonAsync<JsonElement>($"v1/jobs?state=succeeded,failed,cancelled&limit=10000", Json, cancellationToken);
            var done = list.GetProperty("jobs").GetArrayLength();
            return done >= jobs;
        }, TimeSpan.FromHours(1), cancellationToken, TimeSpan.FromMilliseconds(500));
        var elapsed = clock.Elapsed;
        var failed = (await http.GetFromJsonAsync<JsonElement>("v1/jobs?state=failed,cancelled&limit=10000", Json, cancellationToken)).GetProperty("jobs").GetArrayLength();
        output.WriteLine($"  onepool  all {jobs} ended after {elapsed.TotalSeconds:F1} s ({failed} failed)");
        return elapsed;
    }

    private static async Task<TimeSpan> ThroughSbatchAsync(Dictionary<string, string> env, int jobs, TextWriter output, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < jobs; i++)
        {
            var (code, text) = await BenchTools.RunAsync("sbatch", ["--parsable", "-c", "1", "--mem=500", "-o", "/dev/null", "--wrap", "sleep 1"], cancellationToken, env);
            if (code != 0)
            {
                throw new InvalidOperationException($"sbatch failed: {text}");
            }
        }

        output.WriteLine($"  sbatch   {jobs} submitted in {clock.Elapsed.TotalSeconds:F1} s");
        await WaitForIdleSlurmAsync(env, cancellationToken);
        var elapsed = clock.Elapsed;
        output.WriteLine($"  sbatch   all {jobs} ended after {elapsed.TotalSeconds:F1} s");
        return elapsed;
    }

    private static async Task WaitForIdleSlurmAsync(Dictionary<string, string> env, CancellationToken cancellationToken) =>
        await BenchTools.WaitUntilAsync(async () =>
        {
            var (_, queue) = await BenchTools.RunAsync("squeue", ["-h", "-t", "pending,running,configuring,completing", "-o", "%i"], cancellationToken, env);
            return queue.Trim().Length == 0;
        }, TimeSpan.FromHours(1), cancellationToken, TimeSpan.FromMilliseconds(200));
}
