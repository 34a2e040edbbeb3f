using System.Globalization;
using OnePool.Cli.Output;
using OnePool.Simulator.Replay;

namespace OnePool.Cli.Commands.Simulate;

/// <summary>The terminal summary: one row per policy (times in hours), then the bounds every figure is read against.</summary>
internal static class SimulateTable
{
    public static string Render(ReplaySetup setup, IReadOnlyList<PolicyRun> runs, int width)
    {
        ArgumentNullException.ThrowIfNull(setup);
        ArgumentNullException.ThrowIfNull(runs);
        var table = new TextTable("POLICY", "AVG JCT", "P50", "P95", "P99", "AVG QUEUE", "MAKESPAN", "UTIL", "ETT", "MEAN RHO", "MAX RHO", "COST", "PREEMPT", "FAILED");
        foreach (var s in runs.Select(r => r.Summary))
        {
            table.AddRow(s.Policy, Hours(s.AverageJct), Hours(s.MedianJct), Hours(s.P95Jct), Hours(s.P99Jct), Hours(s.AverageQueueingDelay),
                Hours(s.Makespan), Percent(s.Utilisation), Percent(s.EffectiveTrainingTime), Number(s.MeanRho), Number(s.MaxRho),
                Number(s.Cost), s.Preemptions.ToString(CultureInfo.InvariantCulture), s.Failed.ToString(CultureInfo.InvariantCulture));
        }

        var b = setup.Bounds;
        return table.Render(width) + string.Create(CultureInfo.InvariantCulture,
            $"times in hours; offered load {b.OfferedLoad:F2}; no policy can beat avg JCT {Hours(b.AverageJctBound)} h or makespan {Hours(b.MakespanBound)} h\n");
    }

    private static string Hours(double seconds) => (seconds / 3600).ToString("0.00", CultureInfo.InvariantCulture);

    private static string Percent(double fraction) => (fraction * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%";

    private static string Number(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);
}
