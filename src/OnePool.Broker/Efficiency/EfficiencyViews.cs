using OnePool.Contracts.Jobs;
using OnePool.Core.Jobs;
using OnePool.Store.Records;

namespace OnePool.Broker.Efficiency;

/// <summary>Turns attempts into effective-training-time figures for the API.</summary>
internal static class EfficiencyViews
{
    public static AttemptSpan Span(AttemptRecord a, int devices) =>
        new(States.Parse<AttemptState>(a.State), Time.FromMs(a.CreatedAt), Time.FromMs(a.FinishedAt), Time.FromMs(a.CheckpointAt), devices);

    public static EfficiencyView View(Core.Jobs.Efficiency e) =>
        new(Math.Round(e.Ratio, 4), e.LostWork.TotalSeconds, e.RestartTime.TotalSeconds, Math.Round(e.AllocatedDeviceHours, 4), e.InfrastructureFailures, e.OwnFailures);

    /// <summary>The pool's figure over the last day: every job's attempts in the window, combined.</summary>
    public static async Task<EfficiencyView?> LastDayAsync(Store.IStateStore store, TimeProvider time, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var attempts = await store.ListAttemptsSinceAsync(now.AddDays(-1), cancellationToken);
        if (attempts.Count == 0)
        {
            return null;
        }

        var perJob = attempts.GroupBy(a => a.Attempt.JobId)
            .Select(g => EffectiveTime.Compute(g.Select(a => Span(a.Attempt, a.Devices)).ToList(), now));
        return View(Core.Jobs.Efficiency.Combine(perJob));
    }
}
