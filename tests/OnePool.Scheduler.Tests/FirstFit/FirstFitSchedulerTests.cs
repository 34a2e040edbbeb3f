using OnePool.Scheduler.FirstFit;
using OnePool.Scheduler.Snapshot;
using OnePool.Scheduler.Tests.Builders;
using Shouldly;
using Xunit;

namespace OnePool.Scheduler.Tests.FirstFit;

public sealed class FirstFitSchedulerTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Schedule_JobFitsOneNode_PlacesItWithDeviceIndices()
    {
        var node = new NodeBuilder().WithDevices("T4", 2).Build();
        var job = new JobBuilder().WithGpus("T4:1").Build();

        var result = Schedule([node], [job]);

        var placement = result.Placements.ShouldHaveSingleItem();
        placement.Replicas.ShouldHaveSingleItem().DeviceIndices.ShouldBe([0]);
        placement.Accelerator!.Model.ShouldBe("T4");
    }

    [Fact]
    public void Schedule_TwoJobsForTheSameDevices_NeverGivesADeviceTwice()
    {
        var node = new NodeBuilder().WithDevices("T4", 2).Build();

        var result = Schedule([node], [new JobBuilder().WithGpus("T4:2").Build(), new JobBuilder().WithGpus("T4:1").Build()]);

        result.Placements.Count.ShouldBe(1);
        result.Waiting.ShouldHaveSingleItem().Reason.ShouldStartWith("waiting for resources");
    }

    [Fact]
    public void Schedule_DevicesAlreadyHeld_AreNotGivenAgain()
    {
        var node = new NodeBuilder().WithDevices("A100-80G", 8).Using(1, 1, 0, 1, 2, 3).Build();

        var result = Schedule([node], [new JobBuilder().WithGpus("A100-80G:4").Build()]);

        result.Placements.ShouldHaveSingleItem().Replicas[0].DeviceIndices.ShouldBe([4, 5, 6, 7]);
    }

    [Fact]
    public void Schedule_GangOfTwo_StartsBothOrNone()
    {
        var nodes = new[]
        {
            new NodeBuilder().InSite("a").WithDevices("A100-80G", 8).Build(),
            new NodeBuilder().InSite("b").WithDevices("A100-80G", 8).Build(),
        };
        var gang = new JobBuilder().WithReplicas(2).WithGpus("A100-80G:8").Build();

        var result = Schedule(nodes, [gang]);

        result.Placements.ShouldBeEmpty();
        result.Waiting.ShouldHaveSingleItem().Reason.ShouldContain("never spans sites");
    }

    [Fact]
    public void Schedule_GangFitsInOneSite_PlacesAllReplicasThere()
    {
        var nodes = new[]
        {
            new NodeBuilder().InSite("edge").WithDevices("A100-80G", 8).Build(),
            new NodeBuilder().InSite("hpc").WithDevices("A100-80G", 8).Build(),
            new NodeBuilder().InSite("hpc").WithDevices("A100-80G", 8).Build(),
        };

        var result = Schedule(nodes, [new JobBuilder().WithReplicas(2).WithGpus("A100-80G:8").Build()]);

        var placement = result.Placements.ShouldHaveSingleItem();
        placement.Site.ShouldBe("hpc");
        placement.Replicas.Select(r => r.NodeId).Distinct().Count().ShouldBe(2);
    }

    [Fact]
    public void Schedule_FirstAlternativeUnavailable_TakesTheNext()
    {
        var node = new NodeBuilder().WithDevices("A100-80G", 8).Build();

        var result = Schedule([node], [new JobBuilder().WithGpus("H100:8", "A100-80G:8").Build()]);

        result.Placements.ShouldHaveSingleItem().Accelerator!.Model.ShouldBe("A100-80G");
    }

    [Fact]
    public void Schedule_NoNodeHasTheModel_SaysItFitsNowhere()
    {
        var node = new NodeBuilder().WithDevices("T4", 2).Build();

        var result = Schedule([node], [new JobBuilder().WithGpus("H100:1").Build()]);

        var waiting = result.Waiting.ShouldHaveSingleItem();
        waiting.FitsNowhere.ShouldBeTrue();
        waiting.Reason.ShouldContain("fits no ready node");
    }

    [Fact]
    public void Schedule_UnschedulableNode_GetsNoWork()
    {
        var node = new NodeBuilder().WithDevices("T4", 2).Unschedulable().Build();

        var result = Schedule([node], [new JobBuilder().WithGpus("T4:1").Build()]);

        result.Placements.ShouldBeEmpty();
        result.Waiting.ShouldHaveSingleItem().Reason.ShouldBe("no nodes are ready in the pool");
    }

    [Fact]
    public void Schedule_UnhealthyDevices_AreNotUsed()
    {
        var node = new NodeBuilder().WithDevices("T4", 1, healthy: false).WithDevices("T4", 1).Build();

        var result = Schedule([node], [new JobBuilder().WithGpus("T4:1").Build()]);

        result.Placements.ShouldHaveSingleItem().Replicas[0].DeviceIndices.ShouldBe([1]);
    }

    [Fact]
    public void Schedule_HigherPriority_GoesFirst()
    {
        var node = new NodeBuilder().WithDevices("T4", 1).Build();
        var low = new JobBuilder().WithGpus("T4:1").SubmittedAt(Now.AddHours(-2)).Build();
        var high = new JobBuilder().WithGpus("T4:1").WithPriority(5).SubmittedAt(Now).Build();

        var result = Schedule([node], [low, high]);

        result.Placements.ShouldHaveSingleItem().JobId.ShouldBe(high.JobId);
    }

    [Fact]
    public void Schedule_SamePriority_IsFirstComeFirstServed()
    {
        var node = new NodeBuilder().WithDevices("T4", 1).Build();
        var later = new JobBuilder().WithGpus("T4:1").SubmittedAt(Now).Build();
        var earlier = new JobBuilder().WithGpus("T4:1").SubmittedAt(Now.AddMinutes(-1)).Build();

        var result = Schedule([node], [later, earlier]);

        result.Placements.ShouldHaveSingleItem().JobId.ShouldBe(earlier.JobId);
    }

    [Fact]
    public void Schedule_SiteConstraint_IsHonoured()
    {
        var nodes = new[] { new NodeBuilder().InSite("a").Build(), new NodeBuilder().InSite("b").Build() };

        var result = Schedule(nodes, [new JobBuilder().OnlyAt("b").Build()]);

        result.Placements.ShouldHaveSingleItem().Site.ShouldBe("b");
    }

    [Fact]
    public void Schedule_NodeLabelConstraint_IsHonoured()
    {
        var nodes = new[] { new NodeBuilder().Named("plain").Build(), new NodeBuilder().Named("fast").WithLabel("disk", "nvme").Build() };

        var result = Schedule(nodes, [new JobBuilder().NeedingLabel("disk", "nvme").Build()]);

        result.Placements.ShouldHaveSingleItem().Replicas[0].NodeId.ShouldBe("s1/fast");
    }

    [Fact]
    public void Schedule_ExtendedResource_IsCounted()
    {
        var node = new NodeBuilder().WithExtended("dpu", 1).Build();

        var result = Schedule([node], [new JobBuilder().WithExtended("dpu", 1).Build(), new JobBuilder().WithExtended("dpu", 1).Build()]);

        result.Placements.Count.ShouldBe(1);
    }

    [Fact]
    public void Schedule_MemoryIsTheLimit_DoesNotOvercommit()
    {
        var node = new NodeBuilder().WithMemoryGi(16).Build();

        var result = Schedule([node], [new JobBuilder().WithMemory("10Gi").Build(), new JobBuilder().WithMemory("10Gi").Build()]);

        result.Placements.Count.ShouldBe(1);
    }

    [Fact]
    public void Schedule_ManyJobsOfAShapeThatDoesNotFit_EachGetsTheReasonUnderItsOwnId()
    {
        var node = new NodeBuilder().WithDevices("T4", 1).Build();
        var jobs = Enumerable.Range(0, 3).Select(_ => new JobBuilder().WithGpus("T4:2").Build()).ToList();

        var result = Schedule([node], jobs);

        result.Waiting.Select(w => w.JobId).ShouldBe(jobs.Select(j => j.JobId), ignoreOrder: true);
        result.Waiting.ShouldAllBe(w => w.FitsNowhere && w.Reason.StartsWith("fits no ready node", StringComparison.Ordinal));
    }

    [Fact]
    public void Schedule_ShapeThatFailed_DoesNotBlockADifferentShape()
    {
        var node = new NodeBuilder().WithDevices("T4", 1).Build();

        var result = Schedule([node], [new JobBuilder().WithGpus("T4:2").Build(), new JobBuilder().WithGpus("T4:1").Build()]);

        result.Placements.ShouldHaveSingleItem();
    }

    private static Decisions.SchedulingDecisions Schedule(IReadOnlyList<NodeSnapshot> nodes, IReadOnlyList<PendingJob> jobs) =>
        new FirstFitScheduler().Schedule(new SchedulingSnapshot(Now, nodes, jobs));
}
