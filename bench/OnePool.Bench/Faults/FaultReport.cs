using System.Globalization;

namespace OnePool.Bench.Faults;

/// <summary>What <see cref="FaultsCommand"/> prints at the end: one row per failure, the job's accounting, then one
/// <c>faults-bench ...</c> line. Detection is the lost attempt's end minus the kill; restart is the next attempt's
/// start (all replicas running) minus that end.</summary>
internal sealed record FaultReport(FaultScenario Scenario, JobDetailView Job, IReadOnlyList<InjectedFault> Faults)
{
    public void Write(TextWriter output)
    {
        var inv = CultureInfo.InvariantCulture;
        var detections = new List<double>();
        var restarts = new List<double>();
        output.WriteLine($"  {"failure",-8} {"at",7} {"node",-16} {"attempt",-14} {"detect_s",8} {"restart_s",9}");
        for (var i = 0; i < Faults.Count; i++)
        {
            var fault = Faults[i];
            var index = Job.AttemptHistory.ToList().FindIndex(a => a.Id == fault.AttemptId);
            var attempt = index >= 0 ? Job.AttemptHistory[index] : null;
            var next = index >= 0 && index + 1 < Job.AttemptHistory.Count ? Job.AttemptHistory[index + 1] : null;
            double? detect = attempt?.FinishedAt is { } end ? (end - fault.KilledAt).TotalSeconds : null;
            double? restart = attempt?.FinishedAt is { } ended && next?.StartedAt is { } started ? (started - ended).TotalSeconds : null;
            if (detect is { } d)
            {
                detections.Add(d);
            }

            if (restart is { } r)
            {
                restarts.Add(r);
            }

            output.WriteLine(string.Create(inv,
                $"  {i + 1,-8} {fault.Elapsed.TotalSeconds,6:F0}s {fault.Node,-16} {$"{attempt?.Number} {attempt?.State}",-14} {Show(detect),8} {Show(restart),9}"));
        }

        var e = Job.Efficiency;
        output.WriteLine(string.Create(inv,
            $"  job {Job.Job.Id}: {Job.Job.State}, {Job.AttemptHistory.Count} attempts, checkpoint at step {Job.Checkpoint?.Progress ?? "-"}; "
            + $"infrastructure failures {e?.InfrastructureFailures}, own failures {e?.OwnFailures}, "
            + $"{e?.AllocatedDeviceHours * 3600:F0} device-s allocated, {e?.LostWorkSeconds:F1} lost, {e?.RestartSeconds:F1} restarting"));
        output.WriteLine(string.Create(inv,
            $"  targets: effective training time >= 0.90; detection <= {FaultScenario.LostTimeout.TotalSeconds + 1:F0} s; restart < 2 s"));
        output.WriteLine(string.Create(inv,
            $"faults-bench effective_training_time={e?.EffectiveTrainingTime ?? 0:F3} bound={Scenario.Bound:F3} "
            + $"lost_work_s={e?.LostWorkSeconds ?? 0:F1} detect_s={Mean(detections):F1} restart_s={Mean(restarts):F1}"));
    }

    private static double Mean(List<double> values) => values.Count == 0 ? 0 : values.Average();

    private static string Show(double? seconds) => seconds is { } s ? s.ToString("F1", CultureInfo.InvariantCulture) : "-";
}
