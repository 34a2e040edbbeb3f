using System.Globalization;
using OnePool.Bench.Shared;

namespace OnePool.Bench.Faults;

/// <summary>
/// A real 2-site pool as separate OS processes on 127.0.0.1: <c>onepool server</c> with its SQLite file in a
/// temporary folder, and one <c>onepool agent</c> per node. Disposing kills every process it started (with their
/// process trees) and deletes the folder.
/// </summary>
internal sealed class PoolProcesses : IDisposable
{
    private readonly string _executable;
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"onepool-faults-{Guid.NewGuid():N}");
    private readonly Dictionary<string, (ChildProcess Agent, string SiteToken)> _agents = new(StringComparer.Ordinal);
    private ChildProcess? _server;

    public PoolProcesses(string executable)
    {
        _executable = executable;
        Directory.CreateDirectory(_folder);
        Url = new Uri($"http://127.0.0.1:{BenchTools.FreePort().ToString(CultureInfo.InvariantCulture)}/");
    }

    public Uri Url { get; }

    public BrokerApi? Api { get; private set; }

    /// <summary>Node names, e.g. <c>site-a-1</c>.</summary>
    public IEnumerable<string> Nodes => _agents.Keys;

    public async Task StartAsync(TimeProvider time, CancellationToken cancellationToken)
    {
        var data = Path.Combine(_folder, "broker");
        _server = ChildProcess.Start(_executable,
            ["server", "--data", data, "--host", "127.0.0.1", "--port", Url.Port.ToString(CultureInfo.InvariantCulture)],
            FaultScenario.BrokerSettings, _folder);
        await BenchTools.WaitForBrokerAsync(_server, Url, cancellationToken);
        Api = new BrokerApi(Url, (await File.ReadAllTextAsync(Path.Combine(data, "admin.token"), cancellationToken)).Trim());

        // One storage domain spanning both sites: every node declares the same checkpointRoot and storageDomain, so
        // the job resumes from its checkpoint wherever it is placed again, in either site.
        var checkpoints = Path.Combine(_folder, "checkpoints");
        Directory.CreateDirectory(checkpoints);
        foreach (var site in FaultScenario.Sites)
        {
            var token = await Api.AddSiteAsync(site, cancellationToken);
            for (var i = 1; i <= FaultScenario.NodesPerSite; i++)
            {
                var node = $"{site}-{i.ToString(CultureInfo.InvariantCulture)}";
                var folder = Path.Combine(_folder, "agents", node);
                Directory.CreateDirectory(folder);
                await File.WriteAllTextAsync(Path.Combine(folder, "node.yaml"),
                    $"node: {node}\ncpu: 4\nmemory: 4Gi\naccelerators:\n  - model: T4\n    count: 1\n    memory: 16Gi\n"
                    + $"checkpointRoot: {checkpoints}\nstorageDomain: faults-bench-shared\n", cancellationToken);
                _agents[node] = (StartAgent(node, token), token);
            }
        }

        await WaitUntilAsync(async () => await Api.ReadyNodesAsync(cancellationToken) >= _agents.Count,
            TimeSpan.FromSeconds(90), time,
            () => "only some nodes joined; " + string.Join("\n", _agents.Select(a => $"--- agent {a.Key}:\n{a.Value.Agent.Tail}")), cancellationToken);
    }

    /// <summary>The node dies: SIGKILL of its agent and of every process under it (the job's replicas).</summary>
    public void Kill(string node) => _agents[node].Agent.KillTree();

    /// <summary>The node comes back repaired: a fresh agent with the same config and data folder.</summary>
    public void Restart(string node)
    {
        var (old, token) = _agents[node];
        old.Dispose();
        _agents[node] = (StartAgent(node, token), token);
    }

    public void Dispose()
    {
        foreach (var (agent, _) in _agents.Values)
        {
            agent.Dispose();
        }

        _server?.Dispose();
        Api?.Dispose();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still being written as the processes died; the folder is under the system's temp folder.
        }
    }

    private ChildProcess StartAgent(string node, string siteToken)
    {
        var folder = Path.Combine(_folder, "agents", node);
        return ChildProcess.Start(_executable,
            ["agent", "--broker", Url.ToString(), "--config", Path.Combine(folder, "node.yaml"), "--data", folder, "--self-fence-after", "2s"],
            new Dictionary<string, string> { ["ONEPOOL_TOKEN"] = siteToken }, folder);
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan timeout, TimeProvider time,
        Func<string> describe, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        while (!await condition())
        {
            if (time.GetElapsedTime(started) > timeout)
            {
                throw new TimeoutException(describe());
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), time, cancellationToken);
        }
    }
}
