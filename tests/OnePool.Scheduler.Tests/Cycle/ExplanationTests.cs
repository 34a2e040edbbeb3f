using OnePool.Scheduler.Snapshot;
using OnePool.Scheduler.Tests.Builders;
using OnePool.Scheduler.Tests.Quotas;
using Shouldly;
using Xunit;

namespace OnePool.Scheduler.Tests.Cycle;

public sealed class ExplanationTests
{
    [Fact]
    public void Schedule_WaitingForResources_NamesTheNeedAndTheLargestFreeBlock()
    {
        var busy = new JobBuilder().WithGpus("A100-80G:6").Build();
        var pool = new PoolBuilder().Node("gpu-centre", "n1", "A100-80G", 8)
            .Running(busy, "gpu-centre", "A100-80G", 6, TimeSpan.FromHours(1), nodes: "n1")
            .Pending(new JobBuilder().WithGpus("A100-80G:8").Build()).Build();

        var reason = new PoolScheduler().Schedule(pool).Waiting.ShouldHaveSingleItem().Reason;

        reason.ShouldStartWith("waiting for resources: needs 8 x A100-80G; largest free block is 2 x A100-80G on one node at gpu-centre");
    }

    [Fact]
    public void Schedule_BlockTakenEarlierInTheCycle_ReasonNamesWhatIsLeft()
    {
        // The largest free block of a model is kept between jobs: a placement must make the next job see what is left.
        var pool = new PoolBuilder().Node("gpu-centre", "n1", "A100-80G", 8).Node("edge", "e1", "A100-80G", 4)
            .Pending(
                new JobBuilder().WithGpus("A100-80G:8").SubmittedAt(PoolBuilder.Now.AddMinutes(-2)).Build(),
                new JobBuilder().WithGpus("A100-80G:8").WithCpu(2).SubmittedAt(PoolBuilder.Now.AddMinutes(-1)).Build()).Build();

        var result = new PoolScheduler().Schedule(pool);

        result.Placements.ShouldHaveSingleItem().Site.ShouldBe("gpu-centre");
        result.Waiting.ShouldHaveSingleItem().Reason
            .ShouldStartWith("waiting for resources: needs 8 x A100-80G; largest free block is 4 x A100-80G on one node at edge");
    }

    [Fact]
    public void Schedule_FreeDevicesOnANodeWhoseCpusAreTaken_SaysTheCpuOrMemoryIsTaken()
    {
        // CPU-only work holds 60 of the node's 64 cores: its 8 GPUs are free but no GPU job needing 8 cores fits.
        var cpuHeavy = new JobBuilder().WithCpu(60).Build();
        var pool = new PoolBuilder().Node("gpu-centre", "n1", "A100-80G", 8)
            .Running(cpuHeavy, "gpu-centre", null, 0, TimeSpan.FromHours(1), nodes: "n1")
            .Pending(new JobBuilder().WithGpus("A100-80G:1").WithCpu(8).WithMemory("32Gi").Build()).Build();

        var reason = new PoolScheduler().Schedule(pool).Waiting.ShouldHaveSingleItem().Reason;

        reason.ShouldBe("waiting for resources: needs 1 x A100-80G; largest free block is 8 x A100-80G on one node at gpu-centre, "
            + "where the CPU or memory a replica also needs (8 cpu, 32Gi) is taken");
    }

    [Fact]
    public void Schedule_FreeDevicesOnlyOnNodesWithoutTheLabel_SaysSo()
    {
        // n2 has the label but its GPUs are busy; n1's are free but it lacks the label.
        var busy = new JobBuilder().WithGpus("A100-80G:8").Build();
        var pool = new PoolBuilder().Node("gpu-centre", "n1", "A100-80G", 8).Node("gpu-centre", "n2", "A100-80G", 8, labels: ("network", "infiniband"))
            .Running(busy, "gpu-centre", "A100-80G", 8, TimeSpan.FromHours(1), nodes: "n2")
            .Pending(new JobBuilder().WithGpus("A100-80G:8").NeedingLabel("network", "infiniband").Build()).Build();

        var waiting = new PoolScheduler().Schedule(pool).Waiting.ShouldHaveSingleItem();

        waiting.FitsNowhere.ShouldBeFalse();
        waiting.Reason.ShouldEndWith("largest free block is 8 x A100-80G on one node at gpu-centre, on nodes without the CPU, memory or labels a replica also needs");
    }

    [Fact]
    public void Schedule_NoNodeWithTheLabelHasTheModel_FitsNowhere()
    {
        var pool = new PoolBuilder().Node("gpu-centre", "n1", "A100-80G", 8).Node("gpu-centre", "c1", labels: ("network", "infiniband"))
            .Pending(new JobBuilder().WithGpus("A100-80G:8").NeedingLabel("network", "infiniband").Build()).Build();

        var waiting = new PoolScheduler().Schedule(pool).Waiting.ShouldHaveSingleItem();

        waiting.FitsNowhere.ShouldBeTrue();
        waiting.Reason.ShouldStartWith("fits no ready node: needs ");
        waiting.Reason.ShouldEndWith(" per replica on nodes labelled network=infiniband");
    }

    [Fact]
    public void Schedule_WaitingAndAtQuota_SaysBoth()
    {
        var mine = new JobBuilder().ForTenant("vision").WithGpus("A100-80G:8").Build();
        var pool = new PoolBuilder().Node("gpu-centre", "n1", "A100-80G", 8).Node("gpu-centre", "n2", "A100-80G", 8)
            .Tenant(new TenantPolicy("vision") { Nominal = QuotaTests.Quota(("A100-80G", 8)) })
            .Running(mine, "gpu-centre", "A100-80G", 8, TimeSpan.FromHours(1), nodes: "n1")
            .Pending(new JobBuilder().ForTenant("vision").WithReplicas(2).WithGpus("A100-80G:8").Build()).Build();

        var reason = new PoolScheduler().Schedule(pool).Waiting.ShouldHaveSingleItem().Reason;

        reason.ShouldContain("tenant vision is at quota for A100-80G (8/8, needs 16)");
    }

    [Fact]
    public void Schedule_UnknownModel_FitsNowhere()
    {
        var pool = new PoolBuilder().Nodes("a", 1, "T4", 2).Pending(new JobBuilder().WithGpus("H100:1").Build()).Build();

        var waiting = new PoolScheduler().Schedule(pool).Waiting.ShouldHaveSingleItem();

        waiting.FitsNowhere.ShouldBeTrue();
        waiting.Reason.ShouldStartWith("fits no ready node");
    }

    // 6,000 pending jobs: past the size at which the cycle orders the queue and builds the tenants' books on
    // another thread while it builds the node state; the decisions must not depend on that.
    [Theory]
    [InlineData(60)]
    [InlineData(6_000)]
    public void Schedule_SameSnapshotTwice_GivesTheSameDecisions(int jobs)
    {
        var random = new Random(7);
        var builder = new PoolBuilder();
        for (var i = 0; i < 20; i++)
        {
            builder.Node($"s{i % 3}", $"n{i}", i % 2 == 0 ? "A100-80G" : "H100", 8);
        }

        for (var i = 0; i < jobs; i++)
        {
            builder.Pending(new JobBuilder().ForTenant($"t{i % 3}").WithPriority(random.Next(3)).WithReplicas(random.Next(1, 3))
                .WithGpus($"H100:{random.Next(1, 9)}", $"A100-80G:{random.Next(1, 9)}").Build());
        }

        var snapshot = builder.Build();

        var first = new PoolScheduler().Schedule(snapshot);
        var second = new PoolScheduler().Schedule(snapshot);

        Describe(second).ShouldBe(Describe(first));
        first.Placements.ShouldNotBeEmpty();
    }

    private static string Describe(Decisions.SchedulingDecisions d) =>
        string.Join("\n", d.Placements.Select(p => $"{p.JobId} {p.Site} {p.Accelerator} {string.Join(",", p.Replicas.Select(r => $"{r.NodeId}:{string.Join('.', r.DeviceIndices)}"))}"))
        + "\n" + string.Join("\n", d.Waiting.Select(w => $"{w.JobId} {w.Reason}"))
        + "\n" + string.Join("\n", d.Preemptions.Select(v => $"{v.AttemptId} {v.ForJobId}"));
}
