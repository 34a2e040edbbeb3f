using OnePool.Scheduler.Snapshot;
using OnePool.Scheduler.Tests.Builders;
using OnePool.Scheduler.Tests.Quotas;
using Shouldly;
using Xunit;

namespace OnePool.Scheduler.Tests.Victims;

public sealed class PreemptionTests
{
    [Fact]
    public void Schedule_HighPriorityBlockedByLowPriority_PreemptsTheFewestVictims()
    {
        var big = new JobBuilder().WithGpus("A100-80G:8").Build();
        var small1 = new JobBuilder().WithGpus("A100-80G:4").Build();
        var small2 = new JobBuilder().WithGpus("A100-80G:4").Build();
        var urgent = new JobBuilder().WithGpus("A100-80G:8").WithPriority(10).Build();
        var builder = new PoolBuilder().Node("a", "n1", "A100-80G", 8).Node("a", "n2", "A100-80G", 8)
            .Running(small1, "a", "A100-80G", 4, TimeSpan.FromHours(1), nodes: "n1")
            .Running(small2, "a", "A100-80G", 4, TimeSpan.FromHours(1), nodes: "n1");
        builder.Running(big, "a", "A100-80G", 8, TimeSpan.FromHours(1), nodes: "n2");
        var bigAttempt = builder.LastAttemptId;

        var result = new PoolScheduler().Schedule(builder.Pending(urgent).Build());

        var victim = result.Preemptions.ShouldHaveSingleItem();
        victim.AttemptId.ShouldBe(bigAttempt);
        victim.ForJobId.ShouldBe(urgent.JobId);
        victim.Reason.ShouldContain("priority 10 over 0");
        result.Waiting.ShouldHaveSingleItem().Reason.ShouldContain("preempting 1 running job(s) at a");
    }

    [Fact]
    public void Schedule_SamePriority_NeverPreempts()
    {
        var running = new JobBuilder().WithGpus("A100-80G:8").Build();
        var pool = new PoolBuilder().Node("a", "n1", "A100-80G", 8)
            .Running(running, "a", "A100-80G", 8, TimeSpan.FromHours(1), nodes: "n1")
            .Pending(new JobBuilder().WithGpus("A100-80G:8").Build()).Build();

        new PoolScheduler().Schedule(pool).Preemptions.ShouldBeEmpty();
    }

    [Fact]
    public void Schedule_ChoosingBetweenVictims_PrefersResumableThenLeastWorkSinceCheckpoint()
    {
        var notResumable = new JobBuilder().WithGpus("T4:1").Build();
        var resumableOldCheckpoint = new JobBuilder().WithGpus("T4:1").Resumable().Build();
        var resumableFreshCheckpoint = new JobBuilder().WithGpus("T4:1").Resumable().Build();
        var builder = new PoolBuilder().Node("a", "n1", "T4", 1).Node("a", "n2", "T4", 1).Node("a", "n3", "T4", 1);
        builder.Running(notResumable, "a", "T4", 1, TimeSpan.FromHours(2), nodes: "n1");
        builder.Running(resumableOldCheckpoint, "a", "T4", 1, TimeSpan.FromHours(2), TimeSpan.FromMinutes(50), nodes: "n2");
        builder.Running(resumableFreshCheckpoint, "a", "T4", 1, TimeSpan.FromHours(2), TimeSpan.FromMinutes(1), nodes: "n3");
        var fresh = builder.LastAttemptId;

        var result = new PoolScheduler().Schedule(builder.Pending(new JobBuilder().WithGpus("T4:1").WithPriority(5).Build()).Build());

        result.Preemptions.ShouldHaveSingleItem().AttemptId.ShouldBe(fresh);
    }

    [Fact]
    public void Schedule_PreemptibleWork_IsTheFirstVictimEvenAtHigherPriority()
    {
        var cheap = new JobBuilder().WithGpus("T4:1").Preemptible().WithPriority(50).Build();
        var normal = new JobBuilder().WithGpus("T4:1").Build();
        var builder = new PoolBuilder().Node("a", "n1", "T4", 1).Node("a", "n2", "T4", 1);
        builder.Running(normal, "a", "T4", 1, TimeSpan.FromHours(1), nodes: "n1");
        builder.Running(cheap, "a", "T4", 1, TimeSpan.FromHours(1), nodes: "n2");
        var cheapAttempt = builder.LastAttemptId;

        var result = new PoolScheduler().Schedule(builder.Pending(new JobBuilder().WithGpus("T4:1").Build()).Build());

        result.Preemptions.ShouldHaveSingleItem().AttemptId.ShouldBe(cheapAttempt);
    }

    [Fact]
    public void Schedule_TenantWithinNominal_ReclaimsQuotaLentToItsCohort()
    {
        var borrowed1 = new JobBuilder().ForTenant("vision").WithGpus("A100-80G:8").Build();
        var borrowed2 = new JobBuilder().ForTenant("vision").WithGpus("A100-80G:8").Build();
        var builder = new PoolBuilder().Nodes("a", 2, "A100-80G", 8)
            .Tenant(new TenantPolicy("vision") { Nominal = QuotaTests.Quota(("A100-80G", 8)), Cohort = "research" })
            .Tenant(new TenantPolicy("nlp") { Nominal = QuotaTests.Quota(("A100-80G", 8)), Cohort = "research" })
            .Running(borrowed1, "a", "A100-80G", 8, TimeSpan.FromHours(2), nodes: "a-1");
        builder.Running(borrowed2, "a", "A100-80G", 8, TimeSpan.FromHours(1), nodes: "a-2");
        var newest = builder.LastAttemptId;

        var result = new PoolScheduler().Schedule(builder.Pending(new JobBuilder().ForTenant("nlp").WithGpus("A100-80G:8").Build()).Build());

        var victim = result.Preemptions.ShouldHaveSingleItem();
        victim.AttemptId.ShouldBe(newest);
        victim.Reason.ShouldContain("reclaims quota");
    }

    [Fact]
    public void Schedule_VictimAlreadyStopping_IsWaitedForNotPreemptedAgain()
    {
        var low = new JobBuilder().WithGpus("T4:1").Build();
        var pool = new PoolBuilder().Node("a", "n1", "T4", 1)
            .Running(low, "a", "T4", 1, TimeSpan.FromHours(1), stopping: true, nodes: "n1")
            .Pending(new JobBuilder().WithGpus("T4:1").WithPriority(5).Build()).Build();

        var result = new PoolScheduler().Schedule(pool);

        result.Preemptions.ShouldBeEmpty();
        result.Waiting.ShouldHaveSingleItem().Reason.ShouldContain("waiting for preempted work to stop");
    }

    [Fact]
    public void Schedule_PreemptionOff_PreemptsNothing()
    {
        var low = new JobBuilder().WithGpus("T4:1").Build();
        var pool = new PoolBuilder().Node("a", "n1", "T4", 1)
            .Running(low, "a", "T4", 1, TimeSpan.FromHours(1), nodes: "n1")
            .Pending(new JobBuilder().WithGpus("T4:1").WithPriority(5).Build()).Build();

        new PoolScheduler(new SchedulerOptions { Preemption = false }).Schedule(pool).Preemptions.ShouldBeEmpty();
    }
}
