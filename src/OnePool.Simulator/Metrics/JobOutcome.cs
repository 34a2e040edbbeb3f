namespace OnePool.Simulator.Metrics;

/// <summary>How one job fared (times in seconds from the trace's start).</summary>
/// <param name="Id">Trace job id.</param>
/// <param name="Tenant">Owner.</param>
/// <param name="Gpus">Accelerators.</param>
/// <param name="Submit">Arrival.</param>
/// <param name="FirstStart">First dispatch, if any.</param>
/// <param name="End">Finish or failure.</param>
/// <param name="Finished">True when it completed (false: a user failure ended it).</param>
/// <param name="FastestRuntime">Its runtime alone on the fastest model in the pool: the best it could do.</param>
/// <param name="AllocatedGpuSeconds">Accelerator-seconds held, lost work and restarts included.</param>
/// <param name="ProductiveGpuSeconds">Accelerator-seconds whose progress was kept.</param>
/// <param name="Cost">Price of what it held.</param>
/// <param name="Preemptions">Times preempted.</param>
/// <param name="NodeFailures">Times a node failure interrupted it.</param>
/// <param name="AverageInSystem">Average number of jobs in the system while it was (for finish-time fairness).</param>
internal sealed record JobOutcome(
    string Id, string Tenant, int Gpus, double Submit, double? FirstStart, double End, bool Finished, double FastestRuntime,
    double AllocatedGpuSeconds, double ProductiveGpuSeconds, double Cost, int Preemptions, int NodeFailures, double AverageInSystem)
{
    public double CompletionTime => End - Submit;

    public double QueueingDelay => (FirstStart ?? End) - Submit;
}
