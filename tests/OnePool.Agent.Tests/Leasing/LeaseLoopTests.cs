using Microsoft.Extensions.Logging;
using OnePool.Agent.Execution;
using OnePool.Contracts.Agents;
using Shouldly;

namespace OnePool.Agent.Tests.Leasing;

/// <summary>The whole agent (config, lease loop, executor) against <see cref="ScriptedBroker"/>.</summary>
public sealed class LeaseLoopTests : IAsyncDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    private readonly ScriptedBroker _broker = new();
    private readonly TestDirectory _data = new();
    private readonly CancellationTokenSource _stop = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
    private readonly ListLogger _logger = new();
    private readonly HttpClient _http = new() { Timeout = System.Threading.Timeout.InfiniteTimeSpan };

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RunAsync_ReplicaListed_StartsItReportsRunningThenSucceededWithItsOutput()
    {
        await _broker.StartAsync(0, Ct);
        var go = Path.Combine(_data.Path, "go");
        _broker.SetRun(Assignments.Script($"echo hello-from-job; while [ ! -f {go} ]; do sleep 0.02; done; echo bye >&2", attemptId: 12));
        var agent = StartAgent();

        await Eventually.WaitUntilAsync(() => _broker.LastReport(12, 0)?.State == ReplicaStates.Running
            && _broker.LogText(12, 0).Contains("hello-from-job", StringComparison.Ordinal), Timeout);
        await File.WriteAllTextAsync(go, "", Ct);
        await Eventually.WaitUntilAsync(() => _broker.LastReport(12, 0)?.State == ReplicaStates.Succeeded, Timeout);

        var report = _broker.LastReport(12, 0)!;
        report.ExitCode.ShouldBe(0);
        report.StartedAt.ShouldNotBeNull();
        report.FinishedAt.ShouldNotBeNull();
        _broker.LogText(12, 0).ShouldBe("hello-from-job\nbye\n");
        _broker.Authorizations.ShouldAllBe(a => a == "Bearer site-token");
        _broker.Requests.Select(r => r.AgentInstance).Distinct().Count().ShouldBe(1);
        _broker.Requests[0].Node.Accelerators.Single().Model.ShouldBe("T4");
        _logger.Lines.ShouldContain(l => l.StartsWith("agent: joined site site-a as node node-1 (", StringComparison.Ordinal));

        _broker.SetRun();
        await Eventually.WaitUntilAsync(() => _broker.Requests[^1].Replicas.Count == 0, Timeout);
        (await StopAgentAsync(agent)).ShouldBe(0);
    }

    [Fact]
    public async Task RunAsync_ReplicaLeavesRun_StopsItAndReportsStopped()
    {
        await _broker.StartAsync(0, Ct);
        _broker.SetRun(Assignments.Script("echo started; sleep 300", attemptId: 5));
        var agent = StartAgent();
        await Eventually.WaitUntilAsync(() => _broker.LogText(5, 0).Contains("started", StringComparison.Ordinal), Timeout);

        _broker.SetRun();
        await Eventually.WaitUntilAsync(() => _broker.Requests.Any(r => r.Replicas.Any(x => x.State == ReplicaStates.Stopped)), Timeout);

        var stopped = _broker.Requests.SelectMany(r => r.Replicas).First(x => x.State == ReplicaStates.Stopped);
        stopped.ExitCode.ShouldBe(143);
        await Eventually.WaitUntilAsync(() => _broker.Requests[^1].Replicas.Count == 0, Timeout);
        (await StopAgentAsync(agent)).ShouldBe(0);
    }

    [Fact]
    public async Task RunAsync_BrokerGoesAwayAndComesBack_ResumesLeasingOnTheSamePort()
    {
        await _broker.StartAsync(0, Ct);
        var agent = StartAgent();
        await Eventually.WaitUntilAsync(() => _broker.Requests.Count > 0, Timeout);
        var port = _broker.Port;

        await _broker.StopAsync(Ct);
        await Eventually.WaitUntilAsync(() => _logger.Lines.Any(l => l.StartsWith("agent: broker unreachable", StringComparison.Ordinal)), Timeout);
        var before = _broker.Requests.Count;
        await _broker.StartAsync(port, Ct);
        await Eventually.WaitUntilAsync(() => _broker.Requests.Count > before, Timeout);

        _logger.Lines.Count(l => l.StartsWith("agent: broker unreachable", StringComparison.Ordinal)).ShouldBe(1);
        await Eventually.WaitUntilAsync(() => _logger.Lines.Contains("agent: broker reachable again"), Timeout);
        (await StopAgentAsync(agent)).ShouldBe(0);
    }

    [Fact]
    public async Task RunAsync_ShutdownWithRunningReplica_StopsItAndReportsItStopped()
    {
        await _broker.StartAsync(0, Ct);
        _broker.SetRun(Assignments.Script("echo started; sleep 300", attemptId: 9));
        var agent = StartAgent();
        await Eventually.WaitUntilAsync(() => _broker.LogText(9, 0).Contains("started", StringComparison.Ordinal), Timeout);
        var pid = JsonPid();

        (await StopAgentAsync(agent)).ShouldBe(0);

        _broker.LastReport(9, 0)!.State.ShouldBe(ReplicaStates.Stopped);
        ProcessTable.IsGone(pid).ShouldBeTrue();
    }

    [Fact]
    public async Task RunAsync_BadConfig_ReturnsTwoAndLogsOneLine()
    {
        var config = Path.Combine(_data.Path, "node.yaml");
        await File.WriteAllTextAsync(config, "memory: 12 potatoes\n", Ct);

        var code = await StartAgent(config).WaitAsync(Timeout, Ct);

        code.ShouldBe(2);
        _logger.Lines.ShouldHaveSingleItem().ShouldStartWith($"agent: node config {config}: key 'memory':");
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _broker.DisposeAsync();
        _http.Dispose();
        _stop.Dispose();
        _data.Dispose();
    }

    private Task<int> StartAgent(string? configPath = null)
    {
        if (configPath is null)
        {
            configPath = Path.Combine(_data.Path, "node.yaml");
            File.WriteAllText(configPath, "node: node-1\ncpu: 2\nmemory: 4Gi\naccelerators: [{ model: T4, count: 1 }]\n");
        }

        var options = new AgentLaunchOptions
        {
            BrokerUrl = _broker.Url,
            Token = "site-token",
            ConfigPath = configPath,
            DataDirectory = Path.Combine(_data.Path, "agent"),
        };
        var services = new AgentServices(TimeProvider.System, _logger, _http,
            _ => Task.FromResult<IReadOnlyList<AcceleratorDevice>>([]));
        return Task.Run(() => new AgentSession(options, services).RunAsync(_stop.Token), Ct);
    }

    private async Task<int> StopAgentAsync(Task<int> agent)
    {
        await _stop.CancelAsync();
        return await agent.WaitAsync(Timeout, Ct);
    }

    private int JsonPid()
    {
        var state = File.ReadAllText(Path.Combine(_data.Path, "agent", "agent-state.json"));
        var doc = System.Text.Json.JsonDocument.Parse(state);
        return doc.RootElement.GetProperty("replicas")[0].GetProperty("pid").GetInt32();
    }

    /// <summary>Collects the agent's log lines.</summary>
    private sealed class ListLogger : ILogger
    {
        private readonly Lock _lock = new();
        private readonly List<string> _lines = [];

        public IReadOnlyList<string> Lines
        {
            get { lock (_lock) { return [.. _lines]; } }
        }

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (_lock)
            {
                _lines.Add(formatter(state, exception));
            }
        }
    }
}
