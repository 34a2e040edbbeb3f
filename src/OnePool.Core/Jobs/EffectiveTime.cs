namespace OnePool.Core.Jobs;

/// <summary>One attempt as effective-time accounting sees it.</summary>
/// <param name="State">Its state.</param>
/// <param name="Start">When it was dispatched (accelerators are held from then).</param>
/// <param name="End">When it ended, or null while it runs.</param>
/// <param name="LastCheckpoint">The newest checkpoint its job marked during it, if any.</param>
/// <param name="Devices">Accelerators it held (all replicas); CPU-only work counts as 1.</param>
public sealed record AttemptSpan(AttemptState State, DateTimeOffset Start, DateTimeOffset? End, DateTimeOffset? LastCheckpoint, int Devices);

/// <summary>How well a job (or the pool) turned allocated accelerator time into progress.</summary>
/// <param name="Ratio">Effective training time: productive over allocated-plus-restart time, 0..1.</param>
/// <param name="LostWork">Device time thrown away by infrastructure failures: from the last checkpoint (or the attempt's
/// start) to the moment the failure was detected.</param>
/// <param name="RestartTime">Device time waiting between an infrastructure failure and the next attempt.</param>
/// <param name="AllocatedDeviceHours">Accelerator-hours held by all attempts.</param>
/// <param name="InfrastructureFailures">Attempts lost or preempted (not charged to the retry budget).</param>
/// <param name="OwnFailures">Attempts that failed on their own (charged).</param>
public sealed record Efficiency(double Ratio, TimeSpan LostWork, TimeSpan RestartTime, double AllocatedDeviceHours, int InfrastructureFailures, int OwnFailures)
{
    /// <summary>Sums several jobs' figures (the pool's effective training time weights jobs by their device time).</summary>
    public static Efficiency Combine(IEnumerable<Efficiency> parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        var list = parts.ToList();
        var allocated = list.Sum(p => p.AllocatedDeviceHours);
        var lost = TimeSpan.FromTicks(list.Sum(p => p.LostWork.Ticks));
        var restart = TimeSpan.FromTicks(list.Sum(p => p.RestartTime.Ticks));
        var denominator = allocated + restart.TotalHours;
        return new Efficiency(denominator <= 0 ? 1 : Math.Clamp((allocated - lost.TotalHours) / denominator, 0, 1),
            lost, restart, allocated, list.Sum(p => p.InfrastructureFailures), list.Sum(p => p.OwnFailures));
    }
}

/// <summary>Effective training time: productive time over allocated accelerator time, where an infrastructure
/// failure loses the work since the last checkpoint, the time to detect the failure and the time to restart.</summary>
public static class EffectiveTime
{
    /// <summary>Computes a job's efficiency from its attempts, oldest first.</summary>
    public static Efficiency Compute(IReadOnlyList<AttemptSpan> attempts, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(attempts);
        double allocated = 0, lost = 0, restart = 0;
        int infrastructure = 0, own = 0;
        for (var i = 0; i < attempts.Count; i++)
        {
            var a = attempts[i];
            var devices = Math.Max(1, a.Devices);
            var end = a.End ?? now;
            allocated += Math.Max(0, (end - a.Start).TotalHours) * devices;
            if (a.State is AttemptState.Lost or AttemptState.Preempted)
            {
                infrastructure++;
                var kept = a.LastCheckpoint is { } c && c >= a.Start && c <= end ? c : a.Start;
                lost += (end - kept).TotalHours * devices;
                if (i + 1 < attempts.Count)
                {
                    restart += Math.Max(0, (attempts[i + 1].Start - end).TotalHours) * Math.Max(1, attempts[i + 1].Devices);
                }
            }
            else if (a.State == AttemptState.Failed)
            {
                own++;
            }
        }

        var denominator = allocated + restart;
        return new Efficiency(denominator <= 0 ? 1 : Math.Clamp((allocated - lost) / denominator, 0, 1),
            TimeSpan.FromHours(lost), TimeSpan.FromHours(restart), allocated, infrastructure, own);
    }
}
