using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using OnePool.Agent.Execution;
using OnePool.Contracts.Agents;

namespace OnePool.Agent.Tests.Leasing;

/// <summary>
/// A scripted stand-in for the broker, used only to test the agent in isolation: it answers
/// <c>/v1/agents/lease</c> with whatever desired state the test sets, records every request and stores uploaded
/// output. It has none of the broker's logic; the real broker is tested end to end elsewhere.
/// </summary>
public sealed class ScriptedBroker : IAsyncDisposable
{
    private readonly Lock _lock = new();
    private readonly List<LeaseRequest> _requests = [];
    private readonly List<string> _authorizations = [];
    private readonly Dictionary<ReplicaKey, (string Text, long Next)> _logs = [];
    private List<ReplicaAssignment> _run = [];
    private WebApplication? _app;

    public int Port { get; private set; }

    public Uri Url => new($"http://127.0.0.1:{Port}");

    public IReadOnlyList<LeaseRequest> Requests
    {
        get { lock (_lock) { return [.. _requests]; } }
    }

    public IReadOnlyList<string> Authorizations
    {
        get { lock (_lock) { return [.. _authorizations]; } }
    }

    /// <summary>Sets the replicas the next answers list in <c>Run</c>.</summary>
    public void SetRun(params ReplicaAssignment[] run)
    {
        lock (_lock)
        {
            _run = [.. run];
        }
    }

    /// <summary>The output received for one replica.</summary>
    public string LogText(long attemptId, int replicaIndex)
    {
        lock (_lock)
        {
            return _logs.TryGetValue(new ReplicaKey(attemptId, replicaIndex), out var log) ? log.Text : "";
        }
    }

    /// <summary>The last report the agent sent for a replica, or null.</summary>
    public ReplicaReport? LastReport(long attemptId, int replicaIndex) =>
        Requests is [.., var last] ? last.Replicas.FirstOrDefault(r => r.AttemptId == attemptId && r.ReplicaIndex == replicaIndex) : null;

    /// <summary>Starts listening on 127.0.0.1, on <paramref name="port"/> or, when 0, a free port.</summary>
    public async Task StartAsync(int port, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port));
        var app = builder.Build();
        app.MapPost("/v1/agents/lease", (LeaseRequest request, HttpRequest http) => Answer(request, http.Headers.Authorization.ToString()));
        await app.StartAsync(cancellationToken);
        Port = new Uri(app.Urls.First()).Port;
        _app = app;
    }

    /// <summary>Stops listening (the recorded state is kept for a later <see cref="StartAsync"/>).</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_app is { } app)
        {
            _app = null;
            await app.StopAsync(cancellationToken);
            await app.DisposeAsync();
        }
    }

    public async ValueTask DisposeAsync() => await StopAsync(CancellationToken.None);

    private LeaseResponse Answer(LeaseRequest request, string authorization)
    {
        lock (_lock)
        {
            _requests.Add(request);
            _authorizations.Add(authorization);
            foreach (var upload in request.Logs)
            {
                var key = new ReplicaKey(upload.AttemptId, upload.ReplicaIndex);
                var log = _logs.GetValueOrDefault(key, ("", 0));
                if (upload.Offset == log.Next)
                {
                    _logs[key] = (log.Text + upload.Data, log.Next + upload.Length);
                }
            }

            var acks = _logs.Select(l => new LogAck(l.Key.AttemptId, l.Key.ReplicaIndex, l.Value.Next)).ToList();
            return new LeaseResponse("site-a/node-1", LeaseIntervalMillis: 200, [.. _run], acks);
        }
    }
}
