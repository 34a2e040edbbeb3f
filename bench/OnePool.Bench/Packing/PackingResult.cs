namespace OnePool.Bench.Packing;

/// <summary>What one replay of the packing stream measured.</summary>
/// <param name="Label">The setting, e.g. <c>best fit</c>.</param>
/// <param name="MeanWaitMinutes">Mean queueing delay (start minus submission) by job kind, in virtual minutes.</param>
/// <param name="MeanWholeFreeNodes">Nodes with all 8 devices free after each cycle's placements, averaged over
/// the cycles while jobs still arrive.</param>
/// <param name="Makespan">First submission to last completion, virtual time.</param>
/// <param name="Cycles">Cycles run (one per virtual minute).</param>
/// <param name="Preemptions">Victims the scheduler named (they return to the queue).</param>
/// <param name="ScheduleMs">Real time spent inside <c>Schedule</c>, all cycles together.</param>
internal sealed record PackingResult(
    string Label, IReadOnlyDictionary<PackingJobKind, double> MeanWaitMinutes, double MeanWholeFreeNodes, TimeSpan Makespan,
    int Cycles, int Preemptions, double ScheduleMs);
