using System.Diagnostics;
using Microsoft.Extensions.Options;
using OnePool.Broker.Agents;
using OnePool.Broker.Hosting;
using OnePool.Broker.Metrics;
using OnePool.Scheduler;
using OnePool.Store;
using OnePool.Store.Records;

namespace OnePool.Broker.Scheduling;

/// <summary>Runs scheduling cycles: when woken (a job arrived, resources were freed) or every
/// <see cref="BrokerOptions.ScheduleInterval"/>. Each cycle commits its decisions (preemptions, placements, reasons)
/// in one transaction, then wakes the leases of the nodes that got work, and every lease when it preempted work
/// (the victims' nodes must stop their replicas). Only the elected leader schedules, and its commit carries its term:
/// a replica that was deposed meanwhile commits nothing.</summary>
internal sealed partial class SchedulingLoop(
    IScheduler scheduler, SnapshotBuilder snapshots, IStateStore store, SchedulerSignal signal, LeaseWaiters waiters,
    Leadership.Leadership leadership, TimeProvider time, IOptions<BrokerOptions> options, ILogger<SchedulingLoop> logger) : BackgroundService
{
    // Cycles shorter than this are followed at once by the next when woken.
    private static readonly TimeSpan MinGap = TimeSpan.FromMilliseconds(5);

    // The jobs-per-state gauges count over the whole jobs table (every job ever submitted), so they are refreshed at
    // most this often rather than every cycle; Prometheus scrapes every 15 s or so.
    private static readonly TimeSpan GaugeRefresh = TimeSpan.FromSeconds(5);

    private long? _gaugesAt;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var wake = signal.Current;
            var started = time.GetTimestamp();
            try
            {
                await RunCycleAsync(stoppingToken);
            }
            catch (LeadershipLostException e)
            {
                leadership.StepDown();
                Log.Fenced(logger, e.Message);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                Log.CycleFailed(logger, e);
            }

            try
            {
                // A wake-up during a cycle starts the next one, but not before twice as long as the last one took:
                // under a stream of submissions the scheduler then takes at most a third of the broker's time (and
                // of the store's writer), and each cycle sees a larger batch. An idle pool's cycles take milliseconds.
                var took = time.GetElapsedTime(started);
                if (took > MinGap)
                {
                    await Task.Delay(took * 2, time, stoppingToken);
                }

                await Task.WhenAny(wake, Task.Delay(options.Value.ScheduleInterval, time, stoppingToken));
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    internal async Task RunCycleAsync(CancellationToken cancellationToken)
    {
        if (leadership.Fence is not { } fence)
        {
            return; // a standby: the leader schedules
        }

        var started = Stopwatch.GetTimestamp();
        var (snapshot, storedReasons) = await snapshots.BuildWithReasonsAsync(cancellationToken);
        var decisions = scheduler.Schedule(snapshot);
        var byId = snapshot.Pending.ToDictionary(p => p.JobId);
        var attempts = decisions.Placements.Select(p =>
        {
            var req = byId[p.JobId].Requirements;
            return new NewAttempt(p.JobId, p.Site, p.Accelerator?.ToString() ?? "",
                p.Replicas.Select(r => new NewReplica(r.NodeId, r.DeviceIndices, req.CpuMillis, req.MemoryMiB, req.Extended)).ToList());
        }).ToList();
        var preemptions = decisions.Preemptions.Select(p => new NewPreemption(p.AttemptId, p.JobId, p.Reason)).ToList();
        if (attempts.Count > 0)
        {
            Failpoints.Hit(Failpoints.StopBeforeCommit);
        }

        var outcome = await store.CommitCycleAsync(
            attempts, ChangedReasons(decisions.Waiting, storedReasons), preemptions, time.GetUtcNow(), cancellationToken, fence);
        var created = outcome.Created;
        if (outcome.Preempted.Count > 0)
        {
            waiters.WakeAll();
            Log.Preempted(logger, outcome.Preempted.Count);
        }

        foreach (var node in decisions.Placements.Where(p => created.Any(c => c.JobId == p.JobId)).SelectMany(p => p.Replicas).Select(r => r.NodeId).Distinct())
        {
            waiters.Wake(node);
        }

        BrokerMetrics.AttemptsStarted.Inc(created.Count);
        if (_gaugesAt is not { } counted || time.GetElapsedTime(counted) >= GaugeRefresh)
        {
            _gaugesAt = time.GetTimestamp();
            foreach (var (state, count) in await store.CountJobsByStateAsync(cancellationToken))
            {
                BrokerMetrics.Jobs.WithLabels(state).Set(count);
            }
        }

        BrokerMetrics.CycleSeconds.Observe(Stopwatch.GetElapsedTime(started).TotalSeconds);
        if (created.Count > 0)
        {
            Log.Dispatched(logger, created.Count, snapshot.Pending.Count, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
    }

    /// <summary>The waiting reasons that differ from the stored ones (the store checks again as it writes).</summary>
    private static List<(long JobId, string Reason)> ChangedReasons(IReadOnlyList<Scheduler.Decisions.WaitingJob> waiting, IReadOnlyDictionary<long, string?> stored)
    {
        var changed = new List<(long, string)>();
        foreach (var w in waiting)
        {
            if (!stored.TryGetValue(w.JobId, out var before) || before != w.Reason)
            {
                changed.Add((w.JobId, w.Reason));
            }
        }

        return changed;
    }

    private static partial class Log
    {
        [LoggerMessage(200, LogLevel.Error, "Scheduling cycle failed; retrying at the next cycle")]
        public static partial void CycleFailed(ILogger logger, Exception exception);

        [LoggerMessage(201, LogLevel.Information, "Dispatched {Count} attempts ({Pending} were pending) in {Milliseconds:F1} ms")]
        public static partial void Dispatched(ILogger logger, int count, int pending, double milliseconds);

        [LoggerMessage(202, LogLevel.Information, "Preempted {Count} attempts to make room for waiting work")]
        public static partial void Preempted(ILogger logger, int count);

        [LoggerMessage(203, LogLevel.Warning, "Scheduling decisions not committed: {Reason}")]
        public static partial void Fenced(ILogger logger, string reason);
    }
}
