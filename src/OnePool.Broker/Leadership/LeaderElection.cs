using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;
using OnePool.Broker.Agents;
using OnePool.Broker.Hosting;
using OnePool.Broker.Scheduling;
using OnePool.Store;
using OnePool.Store.Sqlite;

namespace OnePool.Broker.Leadership;

/// <summary>
/// Takes part in the election every <see cref="BrokerOptions.LeaderLease"/> / 8: the leader renews its lease, a
/// standby takes over once the lease has run out, so a dead leader is replaced within about 1.125 leases (9 s by
/// default, under the 10 s bound of docs/ha.md). On a clean stop the leader resigns so a standby takes over at once.
/// A SQLite store serves one broker: a new process takes over at its first round (a restart need not wait out the
/// old lease; the old process, if still alive, is fenced).
/// </summary>
internal sealed partial class LeaderElection(
    IStateStore store, Leadership leadership, SchedulerSignal scheduler, LeaseWaiters waiters, IServer server,
    IHostApplicationLifetime lifetime, TimeProvider time, IOptions<BrokerOptions> options, ILogger<LeaderElection> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!await WaitForServerAsync(stoppingToken))
        {
            return;
        }

        leadership.Url = options.Value.AdvertiseUrl is { Length: > 0 } advertised
            ? advertised.TrimEnd('/')
            : Reachable(server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() ?? $"http://{options.Value.Host}:{options.Value.Port}");
        var lease = options.Value.LeaderLease;
        var round = lease / 8;
        while (!stoppingToken.IsCancellationRequested)
        {
            await RoundAsync(lease, stoppingToken);
            try
            {
                await Task.Delay(round, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        if (leadership.IsLeader)
        {
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await store.ResignAsync(leadership.ReplicaId, time.GetUtcNow(), timeout.Token);
                Log.Resigned(logger, leadership.Fence?.Term ?? 0);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                Log.ResignFailed(logger, e);
            }
        }
    }

    internal async Task RoundAsync(TimeSpan lease, CancellationToken cancellationToken)
    {
        var wasLeader = leadership.IsLeader;
        var sentAt = time.GetTimestamp();
        try
        {
            var result = await store.ElectAsync(leadership.ReplicaId, leadership.Url!, lease, time.GetUtcNow(), cancellationToken,
                takeOver: store is SqliteStateStore && leadership.Last is null);
            if (leadership.Observe(result, sentAt, lease))
            {
                Log.Elected(logger, result.Term, leadership.Url!);
                scheduler.Wake();
                waiters.WakeAll(); // long polls held before the election end, and agents lease here again
            }
            else if (wasLeader && !leadership.IsLeader)
            {
                Log.Deposed(logger, result.Url, result.Term);
                waiters.WakeAll(); // agents holding a long poll here learn where the leader is
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The store cannot be reached: a leader keeps leading until its lease runs out (Leadership.Fence),
            // after which its writes would be refused anyway.
            Log.RoundFailed(logger, e);
        }
    }

    /// <summary>The listen address as others can reach it: a wildcard host (0.0.0.0, [::], *, +) is replaced by this
    /// machine's host name (set <see cref="BrokerOptions.AdvertiseUrl"/> when that is not the right name).</summary>
    internal static string Reachable(string listening)
    {
        var url = listening.TrimEnd('/');
        if (!Uri.TryCreate(url.Replace("://+", "://wildcard", StringComparison.Ordinal).Replace("://*", "://wildcard", StringComparison.Ordinal), UriKind.Absolute, out var uri))
        {
            return url;
        }

        return uri.Host is "0.0.0.0" or "[::]" or "::" or "wildcard"
            ? new UriBuilder(uri) { Host = System.Net.Dns.GetHostName() }.Uri.ToString().TrimEnd('/')
            : url;
    }

    private async Task<bool> WaitForServerAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var onStarted = lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        using var onStopping = stoppingToken.Register(() => started.TrySetCanceled(stoppingToken));
        try
        {
            await started.Task;
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(500, LogLevel.Information, "This replica leads (term {Term}) at {Url}: it runs the scheduling loop, failure detector and dispatch")]
        public static partial void Elected(ILogger logger, long term, string url);

        [LoggerMessage(501, LogLevel.Warning, "This replica no longer leads: {Url} does (term {Term})")]
        public static partial void Deposed(ILogger logger, string url, long term);

        [LoggerMessage(502, LogLevel.Warning, "Election round failed; retrying")]
        public static partial void RoundFailed(ILogger logger, Exception exception);

        [LoggerMessage(503, LogLevel.Information, "Resigned the leadership (term {Term}) on shutdown")]
        public static partial void Resigned(ILogger logger, long term);

        [LoggerMessage(504, LogLevel.Warning, "Could not resign the leadership on shutdown; a standby takes over when the lease runs out")]
        public static partial void ResignFailed(ILogger logger, Exception exception);
    }
}
