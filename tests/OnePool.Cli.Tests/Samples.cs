using Microsoft.Extensions.Time.Testing;
using OnePool.Cli.Output;
using OnePool.Contracts.Jobs;
using OnePool.Contracts.Sites;
using OnePool.Core.Specs;

namespace OnePool.Cli.Tests;

/// <summary>Fixed sample records for rendering tests. "Now" is 2025-03-14 12:00:00 UTC, and local time is UTC.</summary>
internal static class Samples
{
    public static readonly DateTimeOffset Now = new(2025, 3, 14, 12, 0, 0, TimeSpan.Zero);

    public static FakeTimeProvider Clock()
    {
        var clock = new FakeTimeProvider(Now);
        clock.SetLocalTimeZone(TimeZoneInfo.Utc);
        return clock;
    }

    public static TimeText Times() => new(Clock());

    public static JobSummary Job(long id, string state, string? reason = null) => new(
        id, $"train-{id}", "vision", state, 0, "1 cpu, 1Gi, T4:1", Now.AddMinutes(-id), null, null, null, reason, null, 1);

    public static JobList JobList() => new(
    [
        Job(3, "pending", "no site has 8 free A100-80G") with { Resources = "2 x (4 cpu, 16Gi, A100-80G:8)", Attempts = 0 },
        Job(2, "running") with { Site = "gpu-centre", StartedAt = Now.AddSeconds(-30), SubmittedAt = Now.AddSeconds(-45) },
        Job(1, "failed", "exit code 3") with
        {
            Tenant = "nlp", Site = "edge", SubmittedAt = Now.AddHours(-2), StartedAt = Now.AddHours(-2).AddMinutes(1),
            FinishedAt = Now.AddHours(-1), ExitCode = 3,
        },
        Job(7, "succeeded") with { Site = "edge", SubmittedAt = Now.AddDays(-3), FinishedAt = Now.AddDays(-3).AddHours(1) },
    ]);

    public static JobDetail JobDetail()
    {
        var spec = new JobSpec
        {
            Name = "train-llm",
            Tenant = "vision",
            Replicas = 2,
            Command = ["python", "train.py", "--epochs", "3"],
            Env = new Dictionary<string, string> { ["WANDB_MODE"] = "offline" },
            Resources = new ResourceSpec { Cpu = "4", Memory = "16Gi", Accelerators = ["A100-80G:8", "H100:8"] },
            MaxRuntime = "2h",
        };
        var started = Now.AddMinutes(-50);
        var job = new JobSummary(
            42, "train-llm", "vision", "failed", 10, "2 x (4 cpu, 16Gi, A100-80G:8 or H100:8)", Now.AddHours(-1),
            started, Now.AddMinutes(-5), "gpu-centre", "replica 1 exited with code 3", 3, 2);
        AttemptView Attempt(long id, int number, string state, string site, string node, DateTimeOffset? at, DateTimeOffset? end, int? exit, string? reason) =>
            new(id, number, state, site, "A100-80G:8",
                [new ReplicaView(0, $"{site}/{node}", state, [0, 1], exit, at, end), new ReplicaView(1, $"{site}/{node}b", state, [0, 1], exit, at, end)],
                at ?? Now, at, end, exit, reason);
        return new JobDetail(job, spec,
            [
                Attempt(100, 1, "lost", "hpc-east", "n1", Now.AddMinutes(-58), Now.AddMinutes(-52), null, "node hpc-east/n1 stopped leasing"),
                Attempt(101, 2, "failed", "gpu-centre", "g3", started, Now.AddMinutes(-5), 3, "replica 1 exited with code 3"),
            ],
            [
                new JobEventView(Now.AddHours(-1), "submitted", "Submitted by vision."),
                new JobEventView(Now.AddMinutes(-52), "requeued", "Node hpc-east/n1 was lost; not counted against retries."),
                new JobEventView(Now.AddMinutes(-5), "failed", "Replica 1 exited with code 3."),
                new JobEventView(Now.AddDays(-1), "note", "An event from yesterday shows its date."),
            ]);
    }

    public static PoolView Pool() => new(
    [
        new PoolRow("edge", "T4", 2, 1, 1, 0.5),
        new PoolRow("edge", "cpu", 8, 1, 7, 0.125),
        new PoolRow("edge", "memory", 32, 2, 30, 0.0625),
        new PoolRow("gpu-centre", "A100-80G", 16, 12, 4, 0.75),
        new PoolRow("gpu-centre", "cpu", 128, 48, 80, 0.375),
        new PoolRow("gpu-centre", "memory", 1024, 384.5, 639.5, 0.3755),
    ], 3, 2);
}
