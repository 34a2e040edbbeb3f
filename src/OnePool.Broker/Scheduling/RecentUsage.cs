using OnePool.Core.Resources;
using OnePool.Store;
using OnePool.Store.Records;

namespace OnePool.Broker.Scheduling;

/// <summary>
/// Each tenant's recent accelerator use for fair share: the accelerator-hours of its attempts in the last
/// <see cref="Window"/>, each moment weighted by exp(-age / <see cref="DecayTime"/>). Computed at most once per
/// <see cref="RefreshInterval"/> and cached, since it reads a week of attempts.
/// </summary>
/// <remarks>The decay is integrated exactly over each attempt's run (from when it started, or was dispatched, to when
/// it ended, or now), in C#, so the store's statement stays portable SQL.</remarks>
internal sealed class RecentUsage(IStateStore store, TimeProvider time)
{
    /// <summary>How far back usage counts.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromDays(7);

    /// <summary>The decay's time constant: usage a day old counts 1/e.</summary>
    public static readonly TimeSpan DecayTime = TimeSpan.FromHours(24);

    /// <summary>Longest time a computed figure is reused.</summary>
    public static readonly TimeSpan RefreshInterval = TimeSpan.FromMinutes(1);

    // Only the scheduling loop asks, one cycle at a time; a rare concurrent refresh would only compute twice.
    private volatile Cached? _cached;

    /// <summary>Decayed accelerator-hours by tenant; a tenant without recent accelerator use is absent.</summary>
    public async Task<IReadOnlyDictionary<string, double>> ByTenantAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (_cached is { } fresh && now - fresh.At < RefreshInterval)
        {
            return fresh.Hours;
        }

        var hours = Compute(await store.ListAcceleratorUsageAsync(now - Window, cancellationToken), now);
        _cached = new Cached(now, hours);
        return hours;
    }

    /// <summary>Decayed accelerator-hours by tenant at <paramref name="now"/>.</summary>
    public static IReadOnlyDictionary<string, double> Compute(IEnumerable<AcceleratorUsageRecord> attempts, DateTimeOffset now)
    {
        var tau = DecayTime.TotalHours;
        var hours = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var a in attempts)
        {
            if (!AcceleratorRequest.TryParse(a.Accelerator, out var accelerator, out _))
            {
                continue;
            }

            // Ages in hours of the run's end and start, clipped to the window.
            var windowStart = now - Window;
            var start = Max(Time.FromMs(a.StartedAt ?? a.CreatedAt), windowStart);
            var end = Time.FromMs(a.FinishedAt) ?? now;
            end = end > now ? now : end;
            if (end <= start)
            {
                continue;
            }

            var devices = accelerator.Count * Math.Max(1, a.Replicas);
            var endAge = (now - end).TotalHours;
            var startAge = (now - start).TotalHours;
            // The integral of exp(-age / tau) over the run, in hours.
            var weighted = tau * (Math.Exp(-endAge / tau) - Math.Exp(-startAge / tau));
            hours[a.Tenant] = hours.GetValueOrDefault(a.Tenant) + (devices * weighted);
        }

        return hours;
    }

    private sealed record Cached(DateTimeOffset At, IReadOnlyDictionary<string, double> Hours);

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
}
