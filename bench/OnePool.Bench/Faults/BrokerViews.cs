namespace OnePool.Bench.Faults;

// The parts of the broker's JSON this bench reads (src/OnePool.Contracts/Jobs/JobViews.cs has the full records; this
// project references only the scheduler, so they are mirrored here with the fields used).

internal sealed record JobDetailView(JobSummaryView Job, IReadOnlyList<AttemptView> AttemptHistory, CheckpointView? Checkpoint, EfficiencyView? Efficiency);

internal sealed record JobSummaryView(long Id, string State, string? Reason, int Attempts);

internal sealed record AttemptView(long Id, int Number, string State, string Site, IReadOnlyList<ReplicaView> Replicas,
    DateTimeOffset CreatedAt, DateTimeOffset? StartedAt, DateTimeOffset? FinishedAt, string? Reason);

internal sealed record ReplicaView(int Index, string Node, string State);

internal sealed record CheckpointView(string Name, DateTimeOffset At, string StorageDomain, string? Progress);

internal sealed record EfficiencyView(double EffectiveTrainingTime, double LostWorkSeconds, double RestartSeconds,
    double AllocatedDeviceHours, int InfrastructureFailures, int OwnFailures);

internal sealed record SubmittedView(long Id);

internal sealed record SiteCreatedView(string Name, string Token);

internal sealed record NodeListView(IReadOnlyList<NodeStateView> Nodes);

internal sealed record NodeStateView(string Id, string State);
