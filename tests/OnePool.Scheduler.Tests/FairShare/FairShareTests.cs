using OnePool.Scheduler.Snapshot;
using OnePool.Scheduler.Tests.Builders;
using Shouldly;
using Xunit;

namespace OnePool.Scheduler.Tests.FairShare;

public sealed class FairShareTests
{
    [Fact]
    public void Schedule_TwoTenantsCompeting_TakeTurns()
    {
        string[] owners = ["a", "a", "a", "b", "b", "b"];
        var jobs = owners.Select(t => new JobBuilder().ForTenant(t).WithGpus("T4:1").Build()).ToArray();
        var pool = new PoolBuilder().Nodes("s", 4, "T4", 1).Pending(jobs).Build();

        var result = new PoolScheduler().Schedule(pool);

        var tenants = result.Placements.Select(p => jobs.Single(j => j.JobId == p.JobId).Tenant).ToList();
        tenants.ShouldBe(["a", "b", "a", "b"]);
    }

    [Fact]
    public void Schedule_OneTenantsJobs_GoFirstComeFirstServedByTheirSubmissionTime()
    {
        // Ids out of submission order, as a requeued job (it keeps its submission time) makes them; equal times by id.
        var now = PoolBuilder.Now;
        int[] minutesAgoOf = [50, 10, 40, 10, 30, 20];
        var jobs = minutesAgoOf.Select((minutesAgo, i) => new JobBuilder().WithId(100 + i)
            .SubmittedAt(now.AddMinutes(-minutesAgo)).WithGpus("T4:1").Build()).ToArray();
        var pool = new PoolBuilder().Nodes("s", 3, "T4", 1).Pending(jobs).Build();

        var placed = new PoolScheduler().Schedule(pool).Placements.Select(p => p.JobId).ToList();

        placed.ShouldBe([100, 102, 104], ignoreOrder: false);
    }

    [Fact]
    public void Schedule_TenantThatUsedLessRecently_GoesFirst()
    {
        var heavy = new JobBuilder().ForTenant("heavy").WithGpus("T4:1").Build();
        var light = new JobBuilder().ForTenant("light").WithGpus("T4:1").Build();
        var pool = new PoolBuilder().Nodes("s", 1, "T4", 1)
            .Tenant(new TenantPolicy("heavy") { DecayedAcceleratorHours = 100 })
            .Pending(heavy, light).Build();

        new PoolScheduler().Schedule(pool).Placements.ShouldHaveSingleItem().JobId.ShouldBe(light.JobId);
    }

    [Fact]
    public void Schedule_HigherWeight_CountsAsLessAhead()
    {
        var a = new JobBuilder().ForTenant("a").WithGpus("T4:1").Build();
        var b = new JobBuilder().ForTenant("b").WithGpus("T4:1").Build();
        var pool = new PoolBuilder().Nodes("s", 1, "T4", 1)
            .Tenant(new TenantPolicy("a") { DecayedAcceleratorHours = 10, Weight = 4 })
            .Tenant(new TenantPolicy("b") { DecayedAcceleratorHours = 5 })
            .Pending(a, b).Build();

        new PoolScheduler().Schedule(pool).Placements.ShouldHaveSingleItem().JobId.ShouldBe(a.JobId);
    }

    [Fact]
    public void Schedule_PriorityBeatsFairShare()
    {
        var favoured = new JobBuilder().ForTenant("light").WithGpus("T4:1").Build();
        var urgent = new JobBuilder().ForTenant("heavy").WithGpus("T4:1").WithPriority(10).Build();
        var pool = new PoolBuilder().Nodes("s", 1, "T4", 1)
            .Tenant(new TenantPolicy("heavy") { DecayedAcceleratorHours = 100 })
            .Pending(favoured, urgent).Build();

        new PoolScheduler().Schedule(pool).Placements.ShouldHaveSingleItem().JobId.ShouldBe(urgent.JobId);
    }

    [Fact]
    public void Schedule_PreemptibleWork_OnlyFillsWhatPayingWorkLeaves()
    {
        var cheap = new JobBuilder().WithGpus("T4:1").Preemptible().WithPriority(100).SubmittedAt(PoolBuilder.Now.AddHours(-5)).Build();
        var paying = new JobBuilder().WithGpus("T4:1").Build();
        var pool = new PoolBuilder().Nodes("s", 1, "T4", 1).Pending(cheap, paying).Build();

        new PoolScheduler().Schedule(pool).Placements.ShouldHaveSingleItem().JobId.ShouldBe(paying.JobId);
    }
}
