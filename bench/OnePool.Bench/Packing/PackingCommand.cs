using System.Globalization;
using OnePool.Scheduler;

namespace OnePool.Bench.Packing;

/// <summary>
/// <c>packing</c>: how much best-fit packing helps. Replays the same seeded stream of 5,000 jobs through
/// <see cref="PoolScheduler"/> with <see cref="SchedulerOptions.Packing"/> on and off, on 200 nodes of 8 A100-80G in
/// 4 sites, and compares how long whole-node jobs and gangs wait and how many whole nodes stay free.
/// <c>--quick</c> replays 500 jobs on 20 nodes in 2 sites.
/// </summary>
internal static class PackingCommand
{
    public static int Run(BenchArguments arguments, TextWriter output)
    {
        var (jobCount, sites, nodesPerSite) = arguments.Quick ? (500, 2, 10) : (5_000, 4, 50);
        var jobs = PackingWorkload.Generate(jobCount, sites * nodesPerSite * ReplayNode.DevicesPerNode, arguments.Seed);
        var results = new[] { (Label: "best fit", Packing: true), (Label: "first fit", Packing: false) }
            .Select(s => new PackingReplay(new PoolScheduler(new SchedulerOptions { Packing = s.Packing }), jobs, sites, nodesPerSite).Run(s.Label))
            .ToList();

        output.WriteLine($"OnePool packing bench ({(arguments.Quick ? "quick" : "full")} size, seed {arguments.Seed})");
        output.WriteLine($"  pool       {sites * nodesPerSite} nodes x 8 {PackingWorkload.Model} in {sites} sites");
        output.WriteLine($"  stream     {jobs.Count:N0} jobs: {Count(jobs, PackingJobKind.Small)} of 1-4 devices, "
            + $"{Count(jobs, PackingJobKind.WholeNode)} of 8, {Count(jobs, PackingJobKind.Gang)} gangs of 2 x 8; "
            + $"{PackingWorkload.JobsPerMinute(sites * nodesPerSite * ReplayNode.DevicesPerNode):F1} arrivals a virtual minute ({PackingWorkload.OfferedLoad * 100:F0}% offered load)");
        output.WriteLine($"  {"setting",-10} {"wait 1-4",9} {"wait 8",9} {"wait 2x8",9} {"whole free",10} {"makespan",9} {"cycles",7} {"preempt",7} {"sched ms",9}");
        foreach (var r in results)
        {
            output.WriteLine($"  {r.Label,-10} {r.MeanWaitMinutes[PackingJobKind.Small],9:F1} {r.MeanWaitMinutes[PackingJobKind.WholeNode],9:F1} "
                + $"{r.MeanWaitMinutes[PackingJobKind.Gang],9:F1} {r.MeanWholeFreeNodes,10:F1} {r.Makespan.TotalHours,8:F1}h {r.Cycles,7} {r.Preemptions,7} {r.ScheduleMs,9:F0}");
        }

        output.WriteLine("  (waits in virtual minutes; whole free = nodes with all 8 devices free after a cycle, mean over the cycles while jobs arrive)");
        var (best, first) = (results[0], results[1]);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"packing-bench bestfit_8gpu_wait_min={best.MeanWaitMinutes[PackingJobKind.WholeNode]:F1} firstfit_8gpu_wait_min={first.MeanWaitMinutes[PackingJobKind.WholeNode]:F1} "
            + $"bestfit_whole_free_nodes={best.MeanWholeFreeNodes:F1} firstfit_whole_free_nodes={first.MeanWholeFreeNodes:F1}"));
        return 0;
    }

    private static int Count(IReadOnlyList<PackingJob> jobs, PackingJobKind kind) => jobs.Count(j => j.Kind == kind);
}
