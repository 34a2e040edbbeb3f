using System.Text.Json;
using OnePool.Contracts.Jobs;
using OnePool.Core.Specs;
using OnePool.Store.Records;

namespace OnePool.Broker.Jobs;

/// <summary>Turns store rows into API views.</summary>
internal static class JobViews
{
    public static JobSummary Summary(JobRecord j) => new(
        j.Id, j.Name, j.Tenant, j.State, (int)j.Priority, j.Resources, Time.FromMs(j.SubmittedAt), Time.FromMs(j.StartedAt),
        Time.FromMs(j.FinishedAt), j.Site, j.Reason, j.ExitCode is { } e ? (int)e : null, (int)j.Attempts);

    public static JobDetail Detail(JobRecord job, IReadOnlyList<AttemptRecord> attempts, IReadOnlyList<ReplicaRecord> replicas, IReadOnlyList<EventRecord> events, DateTimeOffset now)
    {
        var byAttempt = replicas.ToLookup(r => r.AttemptId);
        var efficiency = Core.Jobs.EffectiveTime.Compute(
            attempts.Select(a => Efficiency.EfficiencyViews.Span(a, byAttempt[a.Id].Sum(r => r.DeviceIndices.Length))).ToList(), now);
        return new JobDetail(
            Summary(job),
            JsonSerializer.Deserialize<JobSpec>(job.Spec, JobSpecReader.JsonOptions)!,
            attempts.Select(a => new AttemptView(
                a.Id, (int)a.Number, a.State, a.Site, a.Accelerator,
                byAttempt[a.Id].Select(r => new ReplicaView(
                    (int)r.Idx, r.NodeId, r.State, r.DeviceIndices,
                    r.ExitCode is { } x ? (int)x : null, Time.FromMs(r.StartedAt), Time.FromMs(r.FinishedAt))).ToList(),
                Time.FromMs(a.CreatedAt), Time.FromMs(a.StartedAt), Time.FromMs(a.FinishedAt),
                a.ExitCode is { } c ? (int)c : null, a.Reason) { Term = a.Term }).ToList(),
            events.Select(e => new JobEventView(Time.FromMs(e.At), e.Type, e.Message)).ToList())
        {
            Efficiency = attempts.Count == 0 ? null : Efficiency.EfficiencyViews.View(efficiency),
            Checkpoint = job.Checkpoint is { } name && job.CheckpointAt is { } at
                ? new CheckpointView(name, Time.FromMs(at), job.CheckpointDomain ?? "", job.Progress)
                : null,
        };
    }
}
