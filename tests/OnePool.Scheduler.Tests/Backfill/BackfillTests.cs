using OnePool.Scheduler.Tests.Builders;
using Shouldly;
using Xunit;

namespace OnePool.Scheduler.Tests.Backfill;

public sealed class BackfillTests
{
    // Two 8-GPU nodes; one is half busy until +2h. A 2x8 gang waits for it; small jobs arrive behind the gang.
    private static PoolBuilder Pool(out JobRequirementsHolder gang)
    {
        var busy = new JobBuilder().WithGpus("A100-80G:4").WithMaxRuntime("3h").Build();
        gang = new JobRequirementsHolder(new JobBuilder().WithReplicas(2).WithGpus("A100-80G:8").SubmittedAt(PoolBuilder.Now.AddMinutes(-10)).Build());
        return new PoolBuilder().Node("a", "n1", "A100-80G", 8).Node("a", "n2", "A100-80G", 8)
            .Running(busy, "a", "A100-80G", 4, TimeSpan.FromHours(1), nodes: "n1")
            .Pending(gang.Job);
    }

    [Fact]
    public void Schedule_BlockedGang_GetsAReservationWhenTheRunningJobEnds()
    {
        var pool = Pool(out var gang).Build();

        var result = new PoolScheduler(new SchedulerOptions { Preemption = false }).Schedule(pool);

        var waiting = result.Waiting.ShouldHaveSingleItem();
        waiting.JobId.ShouldBe(gang.Job.JobId);
        waiting.Reason.ShouldContain("holds the backfill reservation at a from 2026-06-01 14:00 UTC");
    }

    [Fact]
    public void Schedule_ShortJobThatEndsBeforeTheReservation_Backfills()
    {
        var shortJob = new JobBuilder().WithGpus("A100-80G:4").WithMaxRuntime("1h").SubmittedAt(PoolBuilder.Now).Build();
        var pool = Pool(out _).Pending(shortJob).Build();

        var result = new PoolScheduler(new SchedulerOptions { Preemption = false }).Schedule(pool);

        result.Placements.ShouldHaveSingleItem().JobId.ShouldBe(shortJob.JobId);
    }

    [Fact]
    public void Schedule_JobThatWouldOutlastTheReservation_DoesNotTakeTheRoom()
    {
        var longJob = new JobBuilder().WithGpus("A100-80G:4").WithMaxRuntime("5h").SubmittedAt(PoolBuilder.Now).Build();
        var unbounded = new JobBuilder().WithGpus("A100-80G:4").SubmittedAt(PoolBuilder.Now).Build();
        var pool = Pool(out _).Pending(longJob, unbounded).Build();

        var result = new PoolScheduler(new SchedulerOptions { Preemption = false }).Schedule(pool);

        result.Placements.ShouldBeEmpty();
        result.Waiting.Count.ShouldBe(3);
    }

    [Fact]
    public void Schedule_BackfillOff_SmallJobsTakeTheRoom()
    {
        var unbounded = new JobBuilder().WithGpus("A100-80G:4").SubmittedAt(PoolBuilder.Now).Build();
        var pool = Pool(out _).Pending(unbounded).Build();

        var result = new PoolScheduler(new SchedulerOptions { Preemption = false, Backfill = false }).Schedule(pool);

        result.Placements.ShouldHaveSingleItem().JobId.ShouldBe(unbounded.JobId);
    }

    internal sealed record JobRequirementsHolder(Snapshot.PendingJob Job);
}
