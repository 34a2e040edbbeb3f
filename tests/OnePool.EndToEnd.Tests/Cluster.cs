using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using OnePool.Contracts.Jobs;
using OnePool.Contracts.Sites;
using OnePool.Contracts.Tenants;
using OnePool.TestKit.Files;
using OnePool.TestKit.Polling;

namespace OnePool.EndToEnd.Tests;

/// <summary>
/// A real pool on this machine: <c>onepool server</c> with a SQLite file in a temporary folder, and one
/// <c>onepool agent</c> process per node, all on 127.0.0.1. The CLI is run as its own process too.
/// </summary>
public sealed class Cluster : IAsyncDisposable
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly TempDirectory _folder = new();
    private readonly List<OnePoolProcess> _agents = [];
    private readonly CancellationToken _cancellationToken;

    private Cluster(CancellationToken cancellationToken)
    {
        _cancellationToken = cancellationToken;
        Port = FreePort();
        Url = new Uri($"http://127.0.0.1:{Port}/");
    }

    public int Port { get; }

    public Uri Url { get; }

    public string DataDirectory => _folder.Combine("broker");

    public string Folder => _folder.Path;

    public OnePoolProcess? Server { get; private set; }

    public string AdminToken { get; private set; } = "";

    public HttpClient Admin { get; private set; } = new();

    /// <summary>Environment variables for the broker process (e.g. <c>OnePool__Broker__LostTimeout</c>).</summary>
    public Dictionary<string, string> ServerSettings { get; } = [];

    /// <summary>Extra arguments for every agent (e.g. <c>--self-fence-after 3s</c>).</summary>
    public List<string> AgentArgs { get; } = [];

    /// <summary>The agent process of each node, by node name.</summary>
    public Dictionary<string, OnePoolProcess> Agents { get; } = new(StringComparer.Ordinal);

    /// <summary>Starts the broker and, for each node, an agent joined to its site.</summary>
    public static async Task<Cluster> StartAsync(IEnumerable<NodeSpec> nodes, CancellationToken cancellationToken, IReadOnlyDictionary<string, string>? serverSettings = null, IEnumerable<string>? agentArgs = null)
    {
        var cluster = new Cluster(cancellationToken);
        cluster.AgentArgs.AddRange(agentArgs ?? []);
        foreach (var (key, value) in serverSettings ?? new Dictionary<string, string>())
        {
            cluster.ServerSettings[key] = value;
        }

        await cluster.StartServerAsync();
        foreach (var site in nodes.GroupBy(n => n.Site))
        {
            var token = await cluster.AddSiteAsync(site.Key);
            foreach (var node in site)
            {
                cluster.StartAgent(node, token);
            }
        }

        await cluster.WaitForNodesAsync(nodes.Count());
        return cluster;
    }

    public async Task StartServerAsync()
    {
        Server = OnePoolProcess.Start(["server", "--data", DataDirectory, "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture)],
            ServerSettings, Folder);
        await ServerReadiness.WaitAsync(Server, Url, _cancellationToken);
        AdminToken = (await File.ReadAllTextAsync(Path.Combine(DataDirectory, "admin.token"), _cancellationToken)).Trim();
        Admin.Dispose();
        Admin = ClientFor(AdminToken);
    }

    /// <summary>SIGKILLs the broker: no shutdown code runs, as in a crash.</summary>
    public async Task KillServerAsync()
    {
        Server!.Signal(9);
        await Server.Process.WaitForExitAsync(_cancellationToken);
        await Server.DisposeAsync();
    }

    public HttpClient ClientFor(string token)
    {
        var client = new HttpClient { BaseAddress = Url, Timeout = TimeSpan.FromSeconds(60) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public async Task<string> AddSiteAsync(string name, string? kind = null)
    {
        var response = await Admin.PostAsJsonAsync("/v1/sites", new CreateSiteRequest(name, kind, null), Json, _cancellationToken);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<SiteCreated>(Json, _cancellationToken))!.Token;
    }

    public async Task<string> AddTenantAsync(string name)
    {
        var response = await Admin.PostAsJsonAsync("/v1/tenants", new CreateTenantRequest(name), Json, _cancellationToken);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<TenantCreated>(Json, _cancellationToken))!.Token;
    }

    public OnePoolProcess StartAgent(NodeSpec node, string siteToken)
    {
        var folder = _folder.Combine("agents", node.Name);
        Directory.CreateDirectory(folder);
        var config = Path.Combine(folder, "node.yaml");
        File.WriteAllText(config, node.Yaml());
        var agent = OnePoolProcess.Start(["agent", "--broker", Url.ToString(), "--config", config, "--data", folder, .. AgentArgs],
            new Dictionary<string, string> { ["ONEPOOL_TOKEN"] = siteToken }, folder);
        _agents.Add(agent);
        Agents[node.Name] = agent;
        return agent;
    }

    /// <summary>The join token of the site the Slurm agent serves.</summary>
    public string? SlurmSiteToken { get; private set; }

    /// <summary>Starts <c>onepool agent --executor slurm</c> for a Slurm cluster; its log is <c>Agents["slurm"]</c>.</summary>
    public OnePoolProcess StartSlurmAgent(string siteToken, Uri slurmRestUrl, string slurmUser, string jwtFile)
    {
        var folder = _folder.Combine("agents", "slurm");
        Directory.CreateDirectory(folder);
        var agent = OnePoolProcess.Start(
            ["agent", "--broker", Url.ToString(), "--data", folder, "--executor", "slurm", "--slurm-url", slurmRestUrl.ToString(),
             "--slurm-user", slurmUser, "--slurm-token-file", jwtFile, .. AgentArgs],
            new Dictionary<string, string> { ["ONEPOOL_TOKEN"] = siteToken }, folder);
        _agents.Add(agent);
        Agents["slurm"] = agent;
        SlurmSiteToken = siteToken;
        return agent;
    }

    public async Task WaitForNodesAsync(int count)
    {
        try
        {
            await Eventually.WaitUntilAsync(async () =>
                (await Admin.GetFromJsonAsync<NodeList>("/v1/nodes", Json, _cancellationToken))!.Nodes.Count(n => n.State == "ready") >= count,
                TimeSpan.FromSeconds(60), _cancellationToken, TimeSpan.FromMilliseconds(100));
        }
        catch (TimeoutException e)
        {
            var agents = string.Join("\n", Agents.Select(a => $"--- agent {a.Key}:\n{a.Value.Output}"));
            throw new TimeoutException($"only some of {count} nodes joined; agents said:\n{agents}", e);
        }
    }

    /// <summary>Runs the CLI as a separate process with this cluster's URL and the given token (admin by default).</summary>
    public async Task<CliResult> CliAsync(params string[] args) => await CliAsTokenAsync(AdminToken, args);

    public async Task<CliResult> CliAsTokenAsync(string token, params string[] args)
    {
        var start = Executable.StartInfo(args, new Dictionary<string, string>
        {
            ["ONEPOOL_URL"] = Url.ToString(),
            ["ONEPOOL_TOKEN"] = token,
            ["ONEPOOL_CONFIG"] = _folder.Combine("cli-config.json"),
        }, Folder);
        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync(_cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(_cancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(120));
        await process.WaitForExitAsync(timeout.Token);
        return new CliResult(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>Submits a spec file's text through the CLI and returns the job id.</summary>
    public async Task<long> SubmitAsync(string yaml)
    {
        var file = _folder.Combine($"job-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(file, yaml, _cancellationToken);
        var result = await CliAsync("submit", file, "-o", "json");
        result.ExitCode.ShouldBeZero(result);
        return JsonSerializer.Deserialize<SubmitJobResponse>(result.Stdout, Json)!.Id;
    }

    /// <summary>Submits through the HTTP API (faster than a CLI process per job); returns the job id.</summary>
    public async Task<long> SubmitOverHttpAsync(string yaml)
    {
        var response = await Admin.PostAsync("/v1/jobs", new StringContent(yaml), _cancellationToken);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<SubmitJobResponse>(Json, _cancellationToken))!.Id;
    }

    public async Task<JobDetail> JobAsync(long id) =>
        (await Admin.GetFromJsonAsync<JobDetail>($"/v1/jobs/{id}", Json, _cancellationToken))!;

    public async Task<JobDetail> WaitForJobAsync(long id, Func<JobDetail, bool> condition, TimeSpan timeout)
    {
        JobDetail? last = null;
        try
        {
            await Eventually.WaitUntilAsync(async () => condition(last = await JobAsync(id)), timeout, _cancellationToken, TimeSpan.FromMilliseconds(100));
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"job {id} is {last?.Job.State} ({last?.Job.Reason}); server output:\n{Server?.Output}", e);
        }

        return last!;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var agent in _agents)
        {
            await agent.DisposeAsync();
        }

        if (Server is not null)
        {
            await Server.DisposeAsync();
        }

        Admin.Dispose();
        _folder.Dispose();
    }

    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>A node an agent serves in a test cluster.</summary>
public sealed record NodeSpec(string Site, string Name, int Cpu, string Memory, string? Model = null, int Devices = 0)
{
    /// <summary>A health-check command and interval for the node's accelerators (see docs/agent.md).</summary>
    public (string Command, string Interval)? HealthCheck { get; init; }

    /// <summary>Shared checkpoint root and its storage domain, when nodes should be able to resume each other's work.</summary>
    public (string Root, string Domain)? SharedCheckpoints { get; init; }

    public string Yaml() =>
        $"node: {Name}\ncpu: {Cpu}\nmemory: {Memory}\n" +
        (Model is null ? "accelerators: []\n" : $"accelerators:\n  - model: {Model}\n    count: {Devices}\n") +
        (SharedCheckpoints is { } shared ? $"checkpointRoot: {shared.Root}\nstorageDomain: {shared.Domain}\n" : "") +
        (HealthCheck is { } check ? $"healthCheck:\n  command: '{check.Command}'\n  interval: {check.Interval}\n" : "");
}

/// <summary>What a CLI run printed and returned.</summary>
public sealed record CliResult(int ExitCode, string Stdout, string Stderr)
{
    public override string ToString() => $"exit {ExitCode}\nstdout:\n{Stdout}\nstderr:\n{Stderr}";
}

internal static class CliResultAssertions
{
    public static void ShouldBeZero(this int code, CliResult result)
    {
        if (code != 0)
        {
            throw new Shouldly.ShouldAssertException($"the CLI failed: {result}");
        }
    }
}
