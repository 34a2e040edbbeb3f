namespace OnePool.Simulator.Metrics;

/// <summary>
/// The figures of one policy's run. Times are in seconds. Completion-time figures cover jobs that finished (a job
/// ended by a user failure has no completion time); the same jobs fail under every policy, so the sets compare.
/// </summary>
internal sealed record PolicySummary
{
    public required string Policy { get; init; }

    public int Jobs { get; init; }

    public int Finished { get; init; }

    public int Failed { get; init; }

    public double AverageJct { get; init; }

    public double MedianJct { get; init; }

    public double P95Jct { get; init; }

    public double P99Jct { get; init; }

    public double AverageQueueingDelay { get; init; }

    /// <summary>First arrival to last end.</summary>
    public double Makespan { get; init; }

    /// <summary>Accelerator-seconds held / (pool accelerators x makespan).</summary>
    public double Utilisation { get; init; }

    /// <summary>Effective training time: accelerator-seconds whose progress was kept / accelerator-seconds held.</summary>
    public double EffectiveTrainingTime { get; init; }

    /// <summary>Finish-time fairness (Themis' rho = completion time / completion time on an exclusive 1/N share of the
    /// pool, N the average number of jobs in the system during the job's life): mean and worst over finished jobs.</summary>
    public double MeanRho { get; init; }

    public double MaxRho { get; init; }

    public double Cost { get; init; }

    public int Preemptions { get; init; }

    public int NodeFailures { get; init; }

    public long Cycles { get; init; }

    /// <summary>Wall-clock seconds the simulation took.</summary>
    public double WallSeconds { get; init; }

    public static PolicySummary Of(SimulationResult result, double wallSeconds)
    {
        ArgumentNullException.ThrowIfNull(result);
        var finished = result.Jobs.Where(j => j.Finished).ToList();
        var jcts = finished.Select(j => j.CompletionTime).Order().ToArray();
        var first = result.Jobs.Count == 0 ? 0 : result.Jobs.Min(j => j.Submit);
        var last = result.Jobs.Count == 0 ? 0 : result.Jobs.Max(j => j.End);
        var makespan = last - first;
        var allocated = result.Jobs.Sum(j => j.AllocatedGpuSeconds);
        var rhos = finished.Select(j => j.CompletionTime / (j.FastestRuntime * Math.Max(1, j.Gpus * j.AverageInSystem / result.PoolGpus))).ToList();
        return new PolicySummary
        {
            Policy = result.Policy,
            Jobs = result.Jobs.Count,
            Finished = finished.Count,
            Failed = result.Jobs.Count - finished.Count,
            AverageJct = jcts.Length == 0 ? 0 : jcts.Average(),
            MedianJct = Percentile(jcts, 0.5),
            P95Jct = Percentile(jcts, 0.95),
            P99Jct = Percentile(jcts, 0.99),
            AverageQueueingDelay = result.Jobs.Count == 0 ? 0 : result.Jobs.Average(j => j.QueueingDelay),
            Makespan = makespan,
            Utilisation = makespan > 0 ? allocated / (result.PoolGpus * makespan) : 0,
            EffectiveTrainingTime = allocated > 0 ? result.Jobs.Sum(j => j.ProductiveGpuSeconds) / allocated : 1,
            MeanRho = rhos.Count == 0 ? 0 : rhos.Average(),
            MaxRho = rhos.Count == 0 ? 0 : rhos.Max(),
            Cost = result.Jobs.Sum(j => j.Cost),
            Preemptions = result.Jobs.Sum(j => j.Preemptions),
            NodeFailures = result.Jobs.Sum(j => j.NodeFailures),
            Cycles = result.Cycles,
            WallSeconds = wallSeconds,
        };
    }

    /// <summary>Nearest-rank percentile of sorted values (the smallest value with at least q of them at or below it).</summary>
    public static double Percentile(IReadOnlyList<double> sorted, double q)
    {
        ArgumentNullException.ThrowIfNull(sorted);
        if (sorted.Count == 0)
        {
            return 0;
        }

        var rank = (int)Math.Ceiling(q * sorted.Count);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Count - 1)];
    }
}
