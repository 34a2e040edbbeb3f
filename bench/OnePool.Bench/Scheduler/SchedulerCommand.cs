using System.Diagnostics;
using OnePool.Bench.Synthetic;
using OnePool.Scheduler;
using OnePool.Scheduler.Snapshot;

namespace OnePool.Bench.Scheduler;

/// <summary>
/// <c>scheduler</c>: times one full <see cref="PoolScheduler"/> cycle (nothing running, the whole queue pending) and
/// one incremental cycle (the full cycle's placements running, 1,000 of them finished, 1,000 new jobs), and measures
/// the full cycle's allocations. Sizes are 10x smaller with <c>--quick</c>.
/// </summary>
internal static class SchedulerCommand
{
    // Nine, not five: this shared VM's run-to-run noise is +-15 ms, and a median of nine holds still better.
    private const int TimedRuns = 9;

    // Measured as the broker runs it: a cycle every second, so after its first half-minute every method of a cycle is
    // in its final tier. .NET compiles a method again, optimised with what its first calls showed, after 30 calls;
    // until then a method called once a cycle (the walk, the queue order, the holdings) runs an interim version
    // entered mid-loop (on-stack replacement), and with 4 warm-ups the incremental cycle measured ~55 ms, against
    // ~45 ms from the 31st call on. The incremental cycle gets its own warm-up too: with work running it goes through
    // code the full cycle never runs (holdings and usage of running work, victims among it).
    private const int Warmups = 40;

    public static int Run(BenchArguments arguments, TextWriter output)
    {
        var size = arguments.Quick ? PoolSize.Quick : PoolSize.Full;
        var churn = size.Jobs / 100;
        var started = Stopwatch.GetTimestamp();
        var pool = PoolGenerator.Generate(size, arguments.Seed);
        var now = AcceleratorCatalog.Epoch;
        var jobs = WorkloadGenerator.Generate(pool, size.Jobs, 1, now.AddDays(-1), now, new Random(arguments.Seed + 1));
        var snapshot = new SchedulingSnapshot(now, pool.Nodes, jobs)
        {
            Sites = pool.Sites,
            Tenants = TenantGenerator.Policies(pool),
        };
        var generatedMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;

        var scheduler = new PoolScheduler();
        var full = CycleMeasurement.Take(scheduler, snapshot, Warmups, TimedRuns);

        started = Stopwatch.GetTimestamp();
        var next = now.AddMinutes(1);
        var random = new Random(arguments.Seed + 2);
        var submitted = WorkloadGenerator.Generate(pool, churn, size.Jobs + 1, now, next, random);
        var updated = IncrementalSnapshot.Build(snapshot, full.Decisions, submitted, churn, next, random);
        var buildMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        var incremental = CycleMeasurement.Take(scheduler, updated, Warmups, TimedRuns);

        var report = new SchedulerReport(arguments, size, pool, snapshot, generatedMs, full, updated, churn, buildMs, incremental);
        report.Write(output);
        return 0;
    }
}
