using System.Diagnostics;
using OnePool.Scheduler;
using OnePool.Scheduler.Cycle;
using OnePool.Scheduler.Decisions;
using OnePool.Scheduler.Snapshot;

namespace OnePool.Bench.Scheduler;

/// <summary>Timed runs of one scheduling cycle on one snapshot.</summary>
/// <param name="RunsMs">Wall time of each timed run, in milliseconds.</param>
/// <param name="RunsAllocatedBytesAllThreads">Managed bytes the whole process allocated during each timed run (the
/// scheduler builds part of a cycle on a second thread).</param>
/// <param name="Decisions">The decisions of the last run (every run decides the same).</param>
/// <param name="RunsAllocatedBytes">Managed bytes each timed run allocated on the calling thread.</param>
/// <param name="RunsTimings">Where each timed run's time went, as the scheduler tells it.</param>
internal sealed record CycleMeasurement(
    IReadOnlyList<double> RunsMs, IReadOnlyList<long> RunsAllocatedBytesAllThreads, SchedulingDecisions Decisions, IReadOnlyList<long> RunsAllocatedBytes,
    IReadOnlyList<CycleTimings?> RunsTimings)
{
    /// <summary>The phases of the run whose time is the median.</summary>
    public CycleTimings? MedianTimings => RunsTimings[RunsMs.Select((ms, i) => (ms, i)).Order().ElementAt(RunsMs.Count / 2).i];

    public double MedianMs => RunsMs.Order().ElementAt(RunsMs.Count / 2);

    /// <summary>Median of <see cref="RunsAllocatedBytes"/>. Every run decides the same, but the per-thread counter
    /// now and then reads low, and tier-0 code (in early runs) allocates more than tier-1 code with escape analysis.</summary>
    public long AllocatedBytes => RunsAllocatedBytes.Order().ElementAt(RunsAllocatedBytes.Count / 2);

    /// <summary>Median of <see cref="RunsAllocatedBytesAllThreads"/>: what one cycle allocates, on every thread.</summary>
    public long AllocatedBytesAllThreads => RunsAllocatedBytesAllThreads.Order().ElementAt(RunsAllocatedBytesAllThreads.Count / 2);

    /// <summary>Runs <paramref name="scheduler"/> <paramref name="runs"/> times, after <paramref name="warmups"/>
    /// untimed runs (JIT, tiered compilation), with a full collection before each so one run's garbage is not
    /// charged to the next.</summary>
    public static CycleMeasurement Take(IScheduler scheduler, SchedulingSnapshot snapshot, int warmups, int runs)
    {
        SchedulingDecisions? decisions = null;
        for (var i = 0; i < warmups; i++)
        {
            decisions = scheduler.Schedule(snapshot);
        }

        var times = new List<double>(runs);
        var allocations = new List<long>(runs);
        var allocatedAll = new List<long>(runs);
        var timings = new List<CycleTimings?>(runs);
        for (var i = 0; i < runs; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            var threadBefore = GC.GetAllocatedBytesForCurrentThread();
            var allBefore = GC.GetTotalAllocatedBytes(precise: true);
            var started = Stopwatch.GetTimestamp();
            decisions = scheduler.Schedule(snapshot);
            times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            allocations.Add(GC.GetAllocatedBytesForCurrentThread() - threadBefore);
            allocatedAll.Add(GC.GetTotalAllocatedBytes(precise: true) - allBefore);
            timings.Add((scheduler as PoolScheduler)?.LastCycle);
        }

        return new CycleMeasurement(times, allocatedAll, decisions!, allocations, timings);
    }
}
