using System.Globalization;
using OnePool.Bench.Synthetic;
using OnePool.Scheduler.Cycle;
using OnePool.Scheduler.Decisions;
using OnePool.Scheduler.Snapshot;

namespace OnePool.Bench.Scheduler;

/// <summary>What <see cref="SchedulerCommand"/> prints: a short table, then one <c>scheduler-bench ...</c> line.</summary>
internal sealed record SchedulerReport(
    BenchArguments Arguments, PoolSize Size, SyntheticPool Pool, SchedulingSnapshot Snapshot, double GeneratedMs,
    CycleMeasurement Full, SchedulingSnapshot Updated, int Churn, double BuildMs, CycleMeasurement Incremental)
{
    private const double MiB = 1024 * 1024;

    public void Write(TextWriter output)
    {
        var inv = CultureInfo.InvariantCulture;
        var pending = Snapshot.Pending;
        var devices = string.Join(", ", Pool.DevicesByModel.OrderByDescending(d => d.Value).Select(d => $"{d.Key} {d.Value:N0}"));
        output.WriteLine($"OnePool scheduler bench ({(Arguments.Quick ? "quick" : "full")} size, seed {Arguments.Seed}, {Environment.ProcessorCount} cores)");
        output.WriteLine($"  pool         {Size.Sites} sites, {Size.Nodes:N0} nodes ({Pool.Nodes.Count(n => n.Schedulable):N0} schedulable), "
            + $"{Pool.Sites.Count(s => s.Draining)} draining, {Pool.Sites.Count(s => s.Reliability < 1)} at reliability < 1");
        output.WriteLine($"  devices      {devices}");
        output.WriteLine($"  queue        {pending.Count:N0} jobs, {Snapshot.Tenants.Count} tenants: "
            + $"{pending.Count(j => j.Requirements.Replicas > 1):N0} gangs, {pending.Count(j => j.Requirements.Accelerators.Count == 0):N0} CPU-only, "
            + $"{pending.Count(j => j.Requirements.Preemptible):N0} preemptible, {pending.Sum(j => (long)j.Requirements.Replicas * (j.Requirements.Accelerators.Count > 0 ? j.Requirements.Accelerators[0].Count : 0)):N0} devices asked");
        output.WriteLine($"  generated    in {GeneratedMs:F0} ms");
        output.WriteLine($"  full         median {Full.MedianMs:F1} ms (runs {Runs(Full)}); "
            + $"alloc {Full.AllocatedBytes / MiB:F1} MB on this thread (runs {string.Join(", ", Full.RunsAllocatedBytes.Select(b => (b / MiB).ToString("F1", CultureInfo.InvariantCulture)))}), "
            + $"{Full.AllocatedBytesAllThreads / MiB:F1} MB on every thread (median)");
        WriteOutcome(output, Full.Decisions);
        WritePhases(output, Full.MedianTimings);
        output.WriteLine($"  incremental  median {Incremental.MedianMs:F1} ms (runs {Runs(Incremental)}); snapshot built in {BuildMs:F1} ms (not counted)");
        output.WriteLine($"               {Churn:N0} submitted, {Churn:N0} completed: {Updated.Running.Count:N0} running, {Updated.Pending.Count:N0} pending");
        WriteOutcome(output, Incremental.Decisions);
        WritePhases(output, Incremental.MedianTimings);
        WriteReasons(output, Full.Decisions);
        output.WriteLine(string.Create(inv,
            $"scheduler-bench jobs={pending.Count} nodes={Snapshot.Nodes.Count} sites={Pool.Sites.Count} placed={Full.Decisions.Placements.Count} "
            + $"full_ms={Full.MedianMs:F1} incremental_ms={Incremental.MedianMs:F1} alloc_mb={Full.AllocatedBytesAllThreads / MiB:F1}"));
    }

    private static void WritePhases(TextWriter output, CycleTimings? t)
    {
        if (t is not null)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"               phases (median run): node state and holdings {t.StateAndHoldings.TotalMilliseconds:F1} ms; queue order and books {t.QueueAndBooks.TotalMilliseconds:F1} ms on the second core, waited for {t.WaitForQueueAndBooks.TotalMilliseconds:F1} ms; walk {t.Walk.TotalMilliseconds:F1} ms ({t.Tries:N0} jobs tried, {t.MemoAnswers:N0} answered from the memo)"));
        }
    }

    private static string Runs(CycleMeasurement m) => string.Join(", ", m.RunsMs.Select(ms => ms.ToString("F1", CultureInfo.InvariantCulture)));

    private static void WriteOutcome(TextWriter output, SchedulingDecisions decisions)
    {
        var devices = decisions.Placements.Sum(p => (long)p.Replicas.Sum(r => r.DeviceIndices.Count));
        output.WriteLine($"  {"",-12} placed {decisions.Placements.Count:N0} ({devices:N0} devices, {decisions.Placements.Count(p => p.Borrowing):N0} borrowing), "
            + $"preempted {decisions.Preemptions.Count:N0}, waiting {decisions.Waiting.Count:N0} "
            + $"({decisions.Waiting.Count(w => w.FitsNowhere):N0} fit nowhere)");
    }

    private static void WriteReasons(TextWriter output, SchedulingDecisions decisions)
    {
        var reasons = decisions.Waiting.GroupBy(w => w.Reason, StringComparer.Ordinal).OrderByDescending(g => g.Count()).ToList();
        output.WriteLine($"  reasons      {reasons.Count:N0} distinct in the full cycle; most common:");
        foreach (var reason in reasons.Take(5))
        {
            output.WriteLine($"    {reason.Count(),8:N0}  {reason.Key}");
        }
    }
}
