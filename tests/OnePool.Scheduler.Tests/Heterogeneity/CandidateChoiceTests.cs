using OnePool.Scheduler.Snapshot;
using OnePool.Scheduler.Tests.Builders;
using Shouldly;
using Xunit;

namespace OnePool.Scheduler.Tests.Heterogeneity;

public sealed class CandidateChoiceTests
{
    [Fact]
    public void Schedule_FasterModelFree_TakesIt()
    {
        var pool = new PoolBuilder().Node("a", "h", "H100", 8).Node("a", "v", "V100", 8)
            .Pending(new JobBuilder().WithGpus("V100:8", "H100:8").Build()).Build();

        var placement = new PoolScheduler().Schedule(pool).Placements.ShouldHaveSingleItem();

        placement.Accelerator!.Model.ShouldBe("H100");
    }

    [Fact]
    public void Schedule_SlightlyFasterButMuchDearer_TakesTheCheaperWithinTolerance()
    {
        var pool = new PoolBuilder().Node("dear", "h", "H100", 8).Node("cheap", "a", "A100-80G", 8)
            .Site(new SiteSnapshot("dear") { Prices = Prices(("H100", 10.0)) })
            .Site(new SiteSnapshot("cheap") { Prices = Prices(("A100-80G", 2.0)) })
            .Pending(new JobBuilder().WithGpus("H100:8", "A100-80G:8").WithThroughput("H100", 1.05).WithThroughput("A100-80G", 1.0).Build())
            .Build();

        var placement = new PoolScheduler().Schedule(pool).Placements.ShouldHaveSingleItem();

        placement.Site.ShouldBe("cheap");
        placement.EstimatedCost.ShouldNotBeNull();
    }

    [Fact]
    public void Schedule_SameModelTwoPrices_TakesTheCheaperSite()
    {
        var pool = new PoolBuilder().Node("a", "n1", "A100-80G", 8).Node("b", "n2", "A100-80G", 8)
            .Site(new SiteSnapshot("a") { Prices = Prices(("A100-80G", 3.0)) })
            .Site(new SiteSnapshot("b") { Prices = Prices(("A100-80G", 2.0)) })
            .Pending(new JobBuilder().WithGpus("A100-80G:1").Build()).Build();

        new PoolScheduler().Schedule(pool).Placements.ShouldHaveSingleItem().Site.ShouldBe("b");
    }

    [Fact]
    public void Schedule_SiteMeasuredSpeed_OverridesTheTable()
    {
        var pool = new PoolBuilder().Node("a", "h", "H100", 8).Node("a", "v", "V100", 8)
            .Site(new SiteSnapshot("a") { Throughput = Prices(("H100", 0.1)) })
            .Pending(new JobBuilder().WithGpus("H100:1", "V100:1").Build()).Build();

        new PoolScheduler().Schedule(pool).Placements.ShouldHaveSingleItem().Accelerator!.Model.ShouldBe("V100");
    }

    [Fact]
    public void Schedule_UnreliableSite_IsAvoidedWhenAnotherFits()
    {
        var pool = new PoolBuilder().Node("flaky", "n1", "A100-80G", 8).Node("solid", "n2", "A100-80G", 8)
            .Site(new SiteSnapshot("flaky") { Reliability = 0.5 })
            .Pending(new JobBuilder().WithGpus("A100-80G:4").Build()).Build();

        new PoolScheduler().Schedule(pool).Placements.ShouldHaveSingleItem().Site.ShouldBe("solid");
    }

    [Fact]
    public void Schedule_SiteWithItsOwnQueue_IsAvoidedWhenAnEqualSiteHasNone()
    {
        // "a" is the cheaper site, but its own users (Slurm) have all 8 of its A100s queued: about an hour's wait.
        var pool = new PoolBuilder().Node("a", "n1", "A100-80G", 8).Node("b", "n2", "A100-80G", 8)
            .Site(new SiteSnapshot("a") { QueuedAccelerators = new Dictionary<string, int> { ["A100-80G"] = 8 } })
            .Site(new SiteSnapshot("b") { Prices = new Dictionary<string, double> { ["A100-80G"] = 2.0 } })
            .Pending(new JobBuilder().WithGpus("A100-80G:1").Build()).Build();

        var placement = new PoolScheduler().Schedule(pool).Placements.ShouldHaveSingleItem();

        placement.Site.ShouldBe("b");
        placement.EstimatedCost!.Value.ShouldBe(2.0, 1e-9); // one A100-hour at b: no queue wait billed
    }

    [Fact]
    public void Schedule_SiteQueueOfAnotherModel_DoesNotDelayThisOne()
    {
        var pool = new PoolBuilder().Node("a", "n1", "A100-80G", 8).Node("b", "n2", "A100-80G", 8)
            .Site(new SiteSnapshot("a") { QueuedAccelerators = new Dictionary<string, int> { ["H100"] = 64 } })
            .Site(new SiteSnapshot("b") { Prices = new Dictionary<string, double> { ["A100-80G"] = 2.0 } })
            .Pending(new JobBuilder().WithGpus("A100-80G:1").Build()).Build();

        new PoolScheduler().Schedule(pool).Placements.ShouldHaveSingleItem().Site.ShouldBe("a"); // cheaper, no wait
    }

    [Fact]
    public void Schedule_DatasetHeldAtOneSite_PrefersIt()
    {
        var pool = new PoolBuilder().Node("a", "n1", "A100-80G", 8).Node("b", "n2", "A100-80G", 8)
            .Site(new SiteSnapshot("b") { Datasets = new HashSet<string>(["imagenet"]) })
            .Pending(new JobBuilder().WithGpus("A100-80G:1").WithDataset("imagenet", "2Ti").Build()).Build();

        new PoolScheduler().Schedule(pool).Placements.ShouldHaveSingleItem().Site.ShouldBe("b");
    }

    [Fact]
    public void Schedule_ResumableJobWithACheckpoint_PrefersASiteThatCanReachIt()
    {
        var builder = new PoolBuilder().Node("a", "n1", "A100-80G", 8).Node("b", "n2", "A100-80G", 8);
        var snapshot = builder.Pending(new JobBuilder().WithGpus("A100-80G:8").Resumable().Build() with
        {
            CheckpointDomain = "lustre-b",
            RedoElsewhere = TimeSpan.FromHours(6),
        }).Build();
        snapshot = snapshot with { Nodes = snapshot.Nodes.Select(n => n.Site == "b" ? n with { StorageDomain = "lustre-b" } : n).ToList() };

        new PoolScheduler().Schedule(snapshot).Placements.ShouldHaveSingleItem().Site.ShouldBe("b");
    }

    [Fact]
    public void Schedule_DrainingSite_GetsNoWork()
    {
        var pool = new PoolBuilder().Node("a", "n1", "T4", 2)
            .Site(new SiteSnapshot("a") { Draining = true })
            .Pending(new JobBuilder().WithGpus("T4:1").Build()).Build();

        var result = new PoolScheduler().Schedule(pool);

        result.Placements.ShouldBeEmpty();
        result.Waiting.ShouldHaveSingleItem();
    }

    private static Dictionary<string, double> Prices(params (string Model, double Price)[] prices) =>
        prices.ToDictionary(p => p.Model, p => p.Price, StringComparer.OrdinalIgnoreCase);
}
