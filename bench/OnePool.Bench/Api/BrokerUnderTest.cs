using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using OnePool.Bench.Faults;
using OnePool.Bench.Shared;

namespace OnePool.Bench.Api;

/// <summary>
/// <c>onepool server</c> as its own process on 127.0.0.1 (Release build), on its SQLite file or on a PostgreSQL
/// database, with a tenant whose token the load uses, and optionally local agents for end-to-end runs.
/// </summary>
internal sealed class BrokerUnderTest : IDisposable
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly string _executable;
    private readonly List<ChildProcess> _processes = [];

    private BrokerUnderTest(string executable, string folder, Uri url)
    {
        _executable = executable;
        Folder = folder;
        Url = url;
    }

    public Uri Url { get; }

    /// <summary>The <c>onepool server</c> process.</summary>
    public System.Diagnostics.Process Server => _processes[0].Process;

    /// <summary>CPU time the server process has used so far (user + system), from /proc.</summary>
    public TimeSpan ServerCpu()
    {
        var stat = File.ReadAllText($"/proc/{Server.Id.ToString(CultureInfo.InvariantCulture)}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return TimeSpan.FromSeconds(ticks / 100.0); // USER_HZ is 100 on Linux
    }

    public string Folder { get; }

    public string AdminToken { get; private set; } = "";

    public string TenantToken { get; private set; } = "";

    /// <summary>Starts the broker; <paramref name="store"/> null for SQLite, else a postgres:// URL.</summary>
    public static async Task<BrokerUnderTest> StartAsync(string executable, string? store, CancellationToken cancellationToken)
    {
        var folder = Path.Combine(Path.GetTempPath(), $"onepool-api-bench-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        var broker = new BrokerUnderTest(executable, folder, new Uri($"http://127.0.0.1:{BenchTools.FreePort().ToString(CultureInfo.InvariantCulture)}/"));
        var env = new Dictionary<string, string> { ["OnePool__Broker__LeaseInterval"] = "00:00:01", ["OnePool__Broker__ScheduleInterval"] = "00:00:00.500" };
        if (store is not null)
        {
            env["OnePool__Broker__Store"] = store;
        }

        var data = Path.Combine(folder, "broker");
        var server = ChildProcess.Start(executable, ["server", "--data", data, "--port", broker.Url.Port.ToString(CultureInfo.InvariantCulture)], env, folder);
        broker._processes.Add(server);
        await BenchTools.WaitForBrokerAsync(server, broker.Url, cancellationToken);
        broker.AdminToken = (await File.ReadAllTextAsync(Path.Combine(data, "admin.token"), cancellationToken)).Trim();
        using var admin = broker.Client(broker.AdminToken, 4);
        using var created = await admin.PostAsJsonAsync(new Uri("v1/tenants", UriKind.Relative), new { name = "bench" }, Json, cancellationToken);
        created.EnsureSuccessStatusCode();
        broker.TenantToken = (await created.Content.ReadFromJsonAsync<JsonElement>(Json, cancellationToken)).GetProperty("token").GetString()!;
        return broker;
    }

    /// <summary>The group commit and the scheduling cycles as the broker's /metrics tell them: mean submissions per
    /// batch, mean commit time, number of cycles and their mean time.</summary>
    public async Task<(double MeanBatch, double MeanCommitMs, double Cycles, double MeanCycleMs)> GroupCommitAsync(CancellationToken cancellationToken)
    {
        using var client = new HttpClient { BaseAddress = Url };
        var text = await client.GetStringAsync(new Uri("metrics", UriKind.Relative), cancellationToken);
        double Value(string name) => text.Split('\n').Where(l => l.StartsWith(name + " ", StringComparison.Ordinal))
            .Select(l => double.Parse(l[(name.Length + 1)..], CultureInfo.InvariantCulture)).FirstOrDefault();
        var batches = Value("onepool_submission_batch_size_count");
        var cycles = Value("onepool_scheduling_cycle_duration_seconds_count");
        return (batches == 0 ? 0 : Value("onepool_submission_batch_size_sum") / batches,
            batches == 0 ? 0 : 1000 * Value("onepool_submission_commit_duration_seconds_sum") / batches,
            cycles, cycles == 0 ? 0 : 1000 * Value("onepool_scheduling_cycle_duration_seconds_sum") / cycles);
    }

    /// <summary>An HTTP client for <paramref name="token"/> allowing <paramref name="connections"/> connections.</summary>
    public HttpClient Client(string token, int connections)
    {
        var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = connections }) { BaseAddress = Url, Timeout = TimeSpan.FromSeconds(60) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>Adds <paramref name="sites"/> sites of one CPU node each (<paramref name="cpus"/> CPUs), each with its
    /// own <c>onepool agent</c> process, and waits until they are ready.</summary>
    public async Task AddLocalSitesAsync(int sites, int cpus, CancellationToken cancellationToken)
    {
        using var admin = Client(AdminToken, 4);
        for (var s = 0; s < sites; s++)
        {
            var name = $"site-{s.ToString(CultureInfo.InvariantCulture)}";
            using var response = await admin.PostAsJsonAsync(new Uri("v1/sites", UriKind.Relative), new { name }, Json, cancellationToken);
            response.EnsureSuccessStatusCode();
            var token = (await response.Content.ReadFromJsonAsync<JsonElement>(Json, cancellationToken)).GetProperty("token").GetString()!;
            var folder = Path.Combine(Folder, "agents", name);
            Directory.CreateDirectory(folder);
            var config = Path.Combine(folder, "node.yaml");
            await File.WriteAllTextAsync(config, $"node: {name}-1\ncpu: {cpus.ToString(CultureInfo.InvariantCulture)}\nmemory: 16Gi\naccelerators: []\n", cancellationToken);
            _processes.Add(ChildProcess.Start(_executable, ["agent", "--broker", Url.ToString(), "--config", config, "--data", folder],
                new Dictionary<string, string> { ["ONEPOOL_TOKEN"] = token }, folder));
        }

        await BenchTools.WaitUntilAsync(async () =>
            (await admin.GetFromJsonAsync<JsonElement>(new Uri("v1/nodes", UriKind.Relative), Json, cancellationToken))
                .GetProperty("nodes").EnumerateArray().Count(n => n.GetProperty("state").GetString() == "ready") >= sites,
            TimeSpan.FromSeconds(60), cancellationToken);
    }

    public void Dispose()
    {
        foreach (var process in _processes)
        {
            process.KillTree();
            process.Dispose();
        }

        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // a job's file still open as its agent died; the folder is under the temp folder
        }
    }
}
