using Microsoft.Extensions.Options;
using OnePool.Broker.Agents;
using OnePool.Broker.Hosting;
using OnePool.Broker.Metrics;
using OnePool.Broker.Scheduling;
using OnePool.Core.Resources;
using OnePool.Store;
using OnePool.Store.Records;

namespace OnePool.Broker.Failures;

/// <summary>
/// Declares nodes lost when they stop leasing while they hold work: after <see cref="BrokerOptions.LostTimeout"/>
/// of silence, or, for nodes not seen since this broker started, after <see cref="BrokerOptions.StartupGrace"/>.
/// Their replicas are fenced (a late report changes nothing) and their jobs requeued. Only the elected leader runs
/// it, and a replica that has just become leader counts silence from its election (agents were leasing elsewhere).
/// </summary>
internal sealed partial class FailureDetector(
    IStateStore store, NodeRegistry registry, SchedulerSignal scheduler, LeaseWaiters waiters, Leadership.Leadership leadership,
    TimeProvider time, IOptions<BrokerOptions> options, ILogger<FailureDetector> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(Math.Max(100, options.Value.LostTimeout.TotalMilliseconds / 10)), time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await CheckAsync(stoppingToken);
                }
                catch (LeadershipLostException)
                {
                    leadership.StepDown();
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    Log.CheckFailed(logger, e);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // shutting down
        }
    }

    internal async Task CheckAsync(CancellationToken cancellationToken)
    {
        if (leadership.Fence is not { } fence)
        {
            return;
        }

        var now = time.GetUtcNow();
        var since = leadership.LeaderSince is { } elected && elected > registry.StartedAt ? elected : registry.StartedAt;
        var withWork = (await store.ListLiveReplicasAsync(null, cancellationToken))
            .Where(r => r.State is "assigned" or "running").Select(r => r.NodeId).Distinct().ToList();
        foreach (var nodeId in withWork)
        {
            var seen = registry.TryGet(nodeId, out var node);
            var silence = now - (seen ? node.LastSeen : since);
            var limit = seen ? options.Value.LostTimeout : options.Value.StartupGrace;
            if (silence < limit)
            {
                continue;
            }

            var reason = $"node {nodeId} stopped leasing for {DurationText.Format(silence)}";
            var transitions = await store.MarkNodeLostAsync(nodeId, reason, now, cancellationToken, fence);
            registry.Forget(nodeId);
            Log.NodeLost(logger, nodeId, silence.TotalSeconds, transitions.Count);
            BrokerMetrics.Record(transitions);
            scheduler.Wake();
            waiters.WakeAll();
        }
    }

    private static partial class Log
    {
        [LoggerMessage(300, LogLevel.Warning, "Node {NodeId} is lost after {Seconds:F0} s of silence; its work is fenced and requeued ({Transitions} changes)")]
        public static partial void NodeLost(ILogger logger, string nodeId, double seconds, int transitions);

        [LoggerMessage(301, LogLevel.Error, "Failure detection pass failed; retrying")]
        public static partial void CheckFailed(ILogger logger, Exception exception);
    }
}
