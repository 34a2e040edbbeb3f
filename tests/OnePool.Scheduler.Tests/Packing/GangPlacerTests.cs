using OnePool.Scheduler.Tests.Builders;
using Shouldly;
using Xunit;

namespace OnePool.Scheduler.Tests.Packing;

public sealed class GangPlacerTests
{
    [Fact]
    public void Schedule_BestFit_UsesThePartlyUsedNodeAndKeepsAWholeOneFree()
    {
        var busy = new JobBuilder().WithGpus("A100-80G:6").Build();
        var pool = new PoolBuilder().Node("a", "whole", "A100-80G", 8).Node("a", "partial", "A100-80G", 8)
            .Running(busy, "a", "A100-80G", 6, TimeSpan.FromHours(1), nodes: "partial")
            .Pending(new JobBuilder().WithGpus("A100-80G:2").Build(), new JobBuilder().WithGpus("A100-80G:8").Build())
            .Build();

        var result = new PoolScheduler().Schedule(pool);

        result.Placements.Count.ShouldBe(2);
        result.Placements[0].Replicas[0].NodeId.ShouldBe("a/partial");
        result.Placements[1].Replicas[0].NodeId.ShouldBe("a/whole");
    }

    [Fact]
    public void Schedule_FirstFit_FragmentsAndThe8GpuJobWaits()
    {
        var busy = new JobBuilder().WithGpus("A100-80G:6").Build();
        var pool = new PoolBuilder().Node("a", "whole", "A100-80G", 8).Node("a", "partial", "A100-80G", 8)
            .Running(busy, "a", "A100-80G", 6, TimeSpan.FromHours(1), nodes: "partial")
            .Pending(new JobBuilder().WithGpus("A100-80G:2").Build(), new JobBuilder().WithGpus("A100-80G:8").Build())
            .Build();

        var result = new PoolScheduler(new SchedulerOptions { Packing = false, Preemption = false, Backfill = false }).Schedule(pool);

        result.Placements.ShouldHaveSingleItem().Replicas[0].NodeId.ShouldBe("a/whole");
    }

    [Fact]
    public void Schedule_GangNeedsTwoWholeNodesInOneSite_StartsBothTogether()
    {
        var pool = new PoolBuilder().Nodes("a", 1, "A100-80G", 8).Nodes("b", 2, "A100-80G", 8)
            .Pending(new JobBuilder().WithReplicas(2).WithGpus("A100-80G:8").Build()).Build();

        var placement = new PoolScheduler().Schedule(pool).Placements.ShouldHaveSingleItem();

        placement.Site.ShouldBe("b");
        placement.Replicas.Select(r => r.NodeId).ShouldBe(["b/b-1", "b/b-2"], ignoreOrder: true);
    }

    [Fact]
    public void Schedule_GangLargerThanAnySite_WaitsSayingGangsNeverSpanSites()
    {
        var pool = new PoolBuilder().Nodes("a", 1, "A100-80G", 8).Nodes("b", 1, "A100-80G", 8)
            .Pending(new JobBuilder().WithReplicas(2).WithGpus("A100-80G:8").Build()).Build();

        var result = new PoolScheduler().Schedule(pool);

        result.Placements.ShouldBeEmpty();
        var waiting = result.Waiting.ShouldHaveSingleItem();
        waiting.FitsNowhere.ShouldBeTrue();
        waiting.Reason.ShouldContain("never spans sites");
    }

    [Fact]
    public void Schedule_CpuOnlyJob_PrefersCpuOnlyNodes()
    {
        var pool = new PoolBuilder().Node("a", "gpu", "A100-80G", 8).Node("a", "cpu")
            .Pending(new JobBuilder().WithCpu(4).Build()).Build();

        new PoolScheduler().Schedule(pool).Placements.ShouldHaveSingleItem().Replicas[0].NodeId.ShouldBe("a/cpu");
    }

    [Fact]
    public void Schedule_MissingLabel_NeverPlacesThere()
    {
        var pool = new PoolBuilder().Node("a", "plain", "T4", 2).Node("a", "nvme", "T4", 2, labels: ("disk", "nvme"))
            .Pending(new JobBuilder().WithGpus("T4:1").NeedingLabel("disk", "nvme").Build()).Build();

        new PoolScheduler().Schedule(pool).Placements.ShouldHaveSingleItem().Replicas[0].NodeId.ShouldBe("a/nvme");
    }
}
