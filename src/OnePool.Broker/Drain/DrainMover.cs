using OnePool.Broker.Agents;
using OnePool.Broker.Scheduling;
using OnePool.Store;
using OnePool.Store.Records;

namespace OnePool.Broker.Drain;

/// <summary>
/// Moves work off drained nodes and sites once their drain grace has passed: each attempt still live there is
/// preempted (its replicas get SIGTERM and the stop grace to checkpoint, then SIGKILL) and its job requeued, without
/// using its retries, on nodes that are not draining.
/// </summary>
internal sealed partial class DrainMover(IStateStore store, SchedulerSignal scheduler, LeaseWaiters waiters, Leadership.Leadership leadership, TimeProvider time,
    ILogger<DrainMover> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1), time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await MoveAsync(stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    Log.MoveFailed(logger, e);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // shutting down
        }
    }

    internal async Task MoveAsync(CancellationToken cancellationToken)
    {
        if (leadership.Fence is not { } fence)
        {
            return; // the leader moves work
        }

        var now = Time.ToMs(time.GetUtcNow());
        var drains = await store.ListDrainsAsync(cancellationToken);
        var sites = drains.Sites.Where(s => s.Value <= now).Select(s => s.Key).ToHashSet(StringComparer.Ordinal);
        var nodes = drains.Nodes.Where(n => n.Value <= now).Select(n => n.Key).ToHashSet(StringComparer.Ordinal);
        if (sites.Count == 0 && nodes.Count == 0)
        {
            return;
        }

        var moving = (await store.ListLiveReplicasAsync(null, cancellationToken))
            .Where(r => r.AttemptState is "dispatched" or "running" && (nodes.Contains(r.NodeId) || sites.Contains(r.NodeId.Split('/')[0])))
            .GroupBy(r => (r.AttemptId, r.JobId))
            .Select(g => new NewPreemption(g.Key.AttemptId, g.Key.JobId, $"moved off drained node {g.First().NodeId}"))
            .ToList();
        if (moving.Count == 0)
        {
            return;
        }

        await store.CommitCycleAsync([], [], moving, time.GetUtcNow(), cancellationToken, fence);
        Log.Moved(logger, moving.Count);
        waiters.WakeAll();
        scheduler.Wake();
    }

    private static partial class Log
    {
        [LoggerMessage(400, LogLevel.Information, "Moving {Count} attempts off drained nodes")]
        public static partial void Moved(ILogger logger, int count);

        [LoggerMessage(401, LogLevel.Error, "Moving work off drained nodes failed; retrying")]
        public static partial void MoveFailed(ILogger logger, Exception exception);
    }
}
