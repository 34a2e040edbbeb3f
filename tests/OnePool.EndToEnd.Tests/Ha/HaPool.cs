using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using OnePool.Contracts.Brokers;
using OnePool.Contracts.Jobs;
using OnePool.Contracts.Sites;
using OnePool.TestKit.Files;
using OnePool.TestKit.Polling;
using OnePool.TestKit.Postgres;

namespace OnePool.EndToEnd.Tests.Ha;

/// <summary>
/// Two <c>onepool server</c> replicas on one throw-away PostgreSQL server, and <c>onepool agent</c> processes that
/// know both URLs: the highly available setup of docs/ha.md, every part a real process on 127.0.0.1.
/// </summary>
internal sealed class HaPool : IAsyncDisposable
{
    private readonly TempDirectory _folder = new();
    private readonly PostgresServer _postgres;
    private readonly Dictionary<string, string> _settings;
    private readonly CancellationToken _ct;
    private readonly List<OnePoolProcess> _agents = [];

    private HaPool(PostgresServer postgres, Dictionary<string, string> settings, CancellationToken ct)
    {
        _postgres = postgres;
        _settings = settings;
        _ct = ct;
    }

    public OnePoolProcess[] Brokers { get; } = new OnePoolProcess[2];

    public Uri[] Urls { get; } = new Uri[2];

    public string Folder => _folder.Path;

    public string AdminToken { get; private set; } = "";

    public IReadOnlyList<OnePoolProcess> Agents => _agents;

    /// <summary>The leader's lease the replicas run with (short, so takeovers take seconds).</summary>
    public TimeSpan Lease { get; private set; }

    /// <summary>Starts PostgreSQL and replica 0, waits until it leads, then starts replica 1 as its standby.</summary>
    /// <param name="lease">The leader lease.</param>
    /// <param name="ct">Test cancellation.</param>
    /// <param name="firstReplicaEnv">Extra environment for replica 0 only (e.g. a failpoint).</param>
    public static async Task<HaPool> StartAsync(TimeSpan lease, CancellationToken ct, IReadOnlyDictionary<string, string>? firstReplicaEnv = null)
    {
        var postgres = await PostgresServer.StartAsync(ct);
        var settings = new Dictionary<string, string>(FastTimings.Broker)
        {
            ["OnePool__Broker__Store"] = $"postgres://postgres@127.0.0.1:{postgres.Port.ToString(CultureInfo.InvariantCulture)}/postgres",
            ["OnePool__Broker__LeaderLease"] = lease.ToString("c", CultureInfo.InvariantCulture),
            // A new leader gives nodes this long to lease again: agents may be backing off when it takes over.
            ["OnePool__Broker__StartupGrace"] = "00:00:20",
        };
        var pool = new HaPool(postgres, settings, ct) { Lease = lease };
        await pool.StartReplicaAsync(0, firstReplicaEnv);
        pool.AdminToken = (await File.ReadAllTextAsync(Path.Combine(pool.Folder, "broker-0", "admin.token"), ct)).Trim();
        await pool.WaitForLeaderAsync(0, TimeSpan.FromSeconds(30));
        await pool.StartReplicaAsync(1, null);
        return pool;
    }

    public async Task StartReplicaAsync(int index, IReadOnlyDictionary<string, string>? extraEnv)
    {
        var port = Cluster.FreePort();
        Urls[index] = new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/");
        var env = new Dictionary<string, string>(_settings);
        foreach (var (k, v) in extraEnv ?? new Dictionary<string, string>())
        {
            env[k] = v;
        }

        var data = Path.Combine(Folder, $"broker-{index.ToString(CultureInfo.InvariantCulture)}");
        Brokers[index] = OnePoolProcess.Start(["server", "--data", data, "--port", port.ToString(CultureInfo.InvariantCulture)], env, Folder);
        await ServerReadiness.WaitAsync(Brokers[index], Urls[index], _ct);
    }

    public HttpClient Client(int replica, TimeSpan? timeout = null)
    {
        var client = new HttpClient { BaseAddress = Urls[replica], Timeout = timeout ?? TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AdminToken);
        return client;
    }

    /// <summary>Replica <paramref name="replica"/>'s own view (null when it does not answer).</summary>
    public async Task<BrokerStatus?> StatusAsync(int replica)
    {
        using var client = Client(replica, TimeSpan.FromSeconds(2));
        try
        {
            return await client.GetFromJsonAsync<BrokerStatus>("/v1/status", Cluster.Json, _ct);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return null;
        }
    }

    /// <summary>Polls until replica <paramref name="replica"/> says it leads; returns the term.</summary>
    public async Task<long> WaitForLeaderAsync(int replica, TimeSpan timeout)
    {
        long term = 0;
        await Eventually.WaitUntilAsync(async () =>
        {
            var status = await StatusAsync(replica);
            term = status?.Leader?.Term ?? 0;
            return status is { Role: "leader" };
        }, timeout, _ct, TimeSpan.FromMilliseconds(50));
        return term;
    }

    public async Task<string> AddSiteAsync(string name)
    {
        using var admin = Client(0);
        var response = await admin.PostAsJsonAsync("/v1/sites", new CreateSiteRequest(name, null, null), Cluster.Json, _ct);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<SiteCreated>(Cluster.Json, _ct))!.Token;
    }

    /// <summary>Starts an agent for <paramref name="node"/> that knows every replica's URL.</summary>
    public OnePoolProcess StartAgent(NodeSpec node, string siteToken)
    {
        var folder = Path.Combine(Folder, "agents", node.Name);
        Directory.CreateDirectory(folder);
        var config = Path.Combine(folder, "node.yaml");
        File.WriteAllText(config, node.Yaml());
        var agent = OnePoolProcess.Start(
            ["agent", "--broker", string.Join(",", Urls.Select(u => u.ToString())), "--config", config, "--data", folder, .. FastTimings.Agent],
            new Dictionary<string, string> { ["ONEPOOL_TOKEN"] = siteToken }, folder);
        _agents.Add(agent);
        return agent;
    }

    public async Task WaitForNodesAsync(int replica, int count)
    {
        using var admin = Client(replica);
        await Eventually.WaitUntilAsync(async () =>
            (await admin.GetFromJsonAsync<NodeList>("/v1/nodes", Cluster.Json, _ct))!.Nodes.Count(n => n.State == "ready") >= count,
            TimeSpan.FromSeconds(60), _ct, TimeSpan.FromMilliseconds(100));
    }

    /// <summary>Submits through whichever replica answers, under <paramref name="key"/>, until one acknowledges it
    /// (a client with several broker URLs: the key makes a retry of an acknowledged submission return the same job).</summary>
    public async Task<long> SubmitAsync(string yaml, string key, TimeSpan timeout)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        for (var attempt = 0; ; attempt++)
        {
            using var client = Client(attempt % 2, TimeSpan.FromSeconds(5));
            using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/jobs") { Content = new StringContent(yaml) };
            request.Headers.Add("Idempotency-Key", key);
            try
            {
                using var response = await client.SendAsync(request, _ct);
                if (response.IsSuccessStatusCode)
                {
                    return (await response.Content.ReadFromJsonAsync<SubmitJobResponse>(Cluster.Json, _ct))!.Id;
                }

                if ((int)response.StatusCode < 500)
                {
                    throw new InvalidOperationException($"submission refused: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(_ct)}");
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !_ct.IsCancellationRequested)
            {
                // this replica is down or frozen: the next try goes to the other
            }

            if (System.Diagnostics.Stopwatch.GetElapsedTime(started) > timeout)
            {
                throw new TimeoutException($"no replica acknowledged submission {key} within {timeout}");
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var agent in _agents)
        {
            await agent.DisposeAsync();
        }

        foreach (var broker in Brokers.Where(b => b is not null))
        {
            if (!broker.Process.HasExited)
            {
                broker.Signal(FastTimings.Continue); // a stopped process cannot be killed and reaped otherwise
            }

            await broker.DisposeAsync();
        }

        await _postgres.DisposeAsync();
        _folder.Dispose();
    }
}
