using OnePool.Scheduler.Planning;
using OnePool.Scheduler.Snapshot;
using OnePool.Scheduler.Tests.Builders;
using Shouldly;
using Xunit;

namespace OnePool.Scheduler.Tests.Planning;

public sealed class JobPlannerTests
{
    private static readonly DateTimeOffset Now = PoolBuilder.Now;

    [Fact]
    public void Plan_TwoSitesFree_MarksTheSchedulersChoiceAndListsTheOtherAsStartingNow()
    {
        var pool = new PoolBuilder().Node("a", "n1", "A100-80G", 8).Node("b", "n2", "A100-80G", 8)
            .Site(new SiteSnapshot("a") { Prices = Prices(("A100-80G", 3.0)) })
            .Site(new SiteSnapshot("b") { Prices = Prices(("A100-80G", 2.0)) }).Build();

        var plan = CreateSut().Plan(pool, new JobBuilder().WithId(1).WithGpus("A100-80G:4").WithMaxRuntime("2h").Build());

        plan.PlacedNow.ShouldBeTrue();
        plan.Waiting.ShouldBeNull();
        plan.Rows.Select(r => (r.Site, r.Chosen, r.ExpectedStart)).ShouldBe([("b", true, Now), ("a", false, Now)]);
        plan.Rows[0].ExpectedCost.ShouldBe(2.0 * 4 * 2, tolerance: 1e-9);
        plan.Excluded.ShouldBeEmpty();
    }

    [Fact]
    public void Plan_ChosenRow_HasTheRuntimeAndCostThePlacementEstimates()
    {
        var pool = new PoolBuilder().Node("a", "h", "H100", 8).Node("b", "v", "V100", 8)
            .Site(new SiteSnapshot("a") { Prices = Prices(("H100", 4.0)), Reliability = 0.9 })
            .Site(new SiteSnapshot("b") { Prices = Prices(("V100", 1.0)) }).Build();
        var job = new JobBuilder().WithId(1).WithGpus("V100:2", "H100:2").WithReplicas(2).WithMaxRuntime("10h").Build();
        var placement = new PoolScheduler().Schedule(pool with { Pending = [job] }).Placements.ShouldHaveSingleItem();

        var chosen = CreateSut().Plan(pool, job).Rows.Single(r => r.Chosen);

        (chosen.Site, chosen.Accelerator).ShouldBe((placement.Site, placement.Accelerator));
        chosen.ExpectedRuntime.TotalHours.ShouldBe(placement.EstimatedRuntime!.Value.TotalHours, tolerance: 1e-6);
        chosen.ExpectedCost.ShouldBe(placement.EstimatedCost!.Value, tolerance: 1e-6);
    }

    [Fact]
    public void Plan_SiteFullOfRunningWork_StartsWhenEnoughOfItEndsByItsMaxRuntime()
    {
        var running = new JobBuilder().WithGpus("A100-80G:8").WithMaxRuntime("2h").Build();
        var pool = new PoolBuilder().Node("a", "n1", "A100-80G", 8)
            .Running(running, "a", "A100-80G", 8, startedAgo: TimeSpan.FromMinutes(30), nodes: "n1").Build();

        var plan = CreateSut().Plan(pool, new JobBuilder().WithId(1).WithGpus("A100-80G:8").Build());

        plan.PlacedNow.ShouldBeFalse();
        plan.Waiting.ShouldNotBeNull();
        var row = plan.Rows.ShouldHaveSingleItem();
        row.ExpectedStart.ShouldBe(Now + TimeSpan.FromMinutes(90));
        row.Chosen.ShouldBeFalse();
    }

    [Fact]
    public void Plan_GangNeedsTwoNodes_StartsWhenTheSecondNodeFrees()
    {
        var shortJob = new JobBuilder().WithGpus("H100:8").WithMaxRuntime("1h").Build();
        var longJob = new JobBuilder().WithGpus("H100:8").WithMaxRuntime("5h").Build();
        var pool = new PoolBuilder().Node("a", "n1", "H100", 8).Node("a", "n2", "H100", 8)
            .Running(shortJob, "a", "H100", 8, startedAgo: TimeSpan.Zero, nodes: "n1")
            .Running(longJob, "a", "H100", 8, startedAgo: TimeSpan.Zero, nodes: "n2").Build();

        var plan = CreateSut().Plan(pool, new JobBuilder().WithId(1).WithGpus("H100:8").WithReplicas(2).Build());

        plan.Rows.ShouldHaveSingleItem().ExpectedStart.ShouldBe(Now + TimeSpan.FromHours(5));
    }

    [Fact]
    public void Plan_RunningWorkWithoutMaxRuntime_LeavesTheStartUnknownAndSaysWhy()
    {
        var running = new JobBuilder().WithGpus("A100-80G:8").Build();
        var pool = new PoolBuilder().Node("a", "n1", "A100-80G", 8)
            .Running(running, "a", "A100-80G", 8, startedAgo: TimeSpan.FromMinutes(30), nodes: "n1").Build();

        var row = CreateSut().Plan(pool, new JobBuilder().WithId(1).WithGpus("A100-80G:8").Build()).Rows.ShouldHaveSingleItem();

        row.ExpectedStart.ShouldBeNull();
        row.Note!.ShouldContain("without a max runtime");
    }

    [Fact]
    public void Plan_HigherPriorityJobTakesTheRoomNow_StartsAfterItsMaxRuntime()
    {
        var first = new JobBuilder().WithId(50).WithGpus("A100-80G:8").WithPriority(10).WithMaxRuntime("3h").Build();
        var pool = new PoolBuilder().Node("a", "n1", "A100-80G", 8).Pending(first).Build();

        var plan = CreateSut().Plan(pool, new JobBuilder().WithId(1).WithGpus("A100-80G:8").Build());

        plan.PendingAhead.ShouldBe(1);
        plan.PlacedNow.ShouldBeFalse();
        plan.Rows.ShouldHaveSingleItem().ExpectedStart.ShouldBe(Now + TimeSpan.FromHours(3));
    }

    [Fact]
    public void Plan_SitesThatCannotRunIt_AreExcludedEachWithItsReason()
    {
        var pool = new PoolBuilder()
            .Node("ok", "n1", "A100-80G", 8)
            .Node("drained", "n2", "A100-80G", 8)
            .Node("small", "n3", "A100-80G", 4)
            .Node("other", "n4", "T4", 8)
            .Node("down", "n5", "A100-80G", 8, schedulable: false)
            .Node("thin", "n6", "A100-80G", 8, cpu: 2)
            .Site(new SiteSnapshot("drained") { Draining = true }).Build();

        var plan = CreateSut().Plan(pool, new JobBuilder().WithId(1).WithGpus("A100-80G:8").WithCpu(8).Build());

        plan.Rows.ShouldHaveSingleItem().Site.ShouldBe("ok");
        plan.Excluded.ToDictionary(e => e.Site, e => e.Reason).ShouldBe(new Dictionary<string, string>
        {
            ["down"] = "no ready nodes",
            ["drained"] = "draining: takes no new work",
            ["other"] = "has no A100-80G",
            ["small"] = "largest ready node has 4 x A100-80G; needs 8 per replica",
            ["thin"] = "no node with 8 x A100-80G has 8 cpu and 1Gi (most: 2 cpu, 512Gi)",
        });
    }

    [Fact]
    public void Plan_GangLargerThanASite_IsExcludedForThatSite()
    {
        var pool = new PoolBuilder().Nodes("a", 1, "H100", 8).Nodes("b", 2, "H100", 8).Build();

        var plan = CreateSut().Plan(pool, new JobBuilder().WithId(1).WithGpus("H100:8").WithReplicas(2).Build());

        plan.Rows.ShouldHaveSingleItem().Site.ShouldBe("b");
        plan.Excluded.ShouldHaveSingleItem().Reason.ShouldBe("a gang of 2 replicas with 8 x H100 each is larger than the site (at most 1 fit); a gang never spans sites");
    }

    [Fact]
    public void Plan_SiteAndLabelConstraints_ExcludeWithTheConstraintNamed()
    {
        var pool = new PoolBuilder().Node("a", "n1", "H100", 8).Node("b", "n2", "H100", 8, labels: ("fabric", "ib")).Build();

        var bySite = CreateSut().Plan(pool, new JobBuilder().WithId(1).WithGpus("H100:1").OnlyAt("b").Build());
        var byLabel = CreateSut().Plan(pool, new JobBuilder().WithId(1).WithGpus("H100:1").NeedingLabel("fabric", "ib").Build());

        bySite.Excluded.ShouldHaveSingleItem().Reason.ShouldBe("not among the job's allowed sites (b)");
        byLabel.Excluded.ShouldHaveSingleItem().Reason.ShouldBe("no node with 1 x H100 is labelled fabric=ib");
        byLabel.Rows.ShouldHaveSingleItem().Site.ShouldBe("b");
    }

    [Fact]
    public void Plan_OneChoiceAbsentAtASite_ExcludesOnlyThatChoice()
    {
        var pool = new PoolBuilder().Node("a", "h", "H100", 8).Node("a", "v", "V100", 8).Node("b", "v2", "V100", 8).Build();

        var plan = CreateSut().Plan(pool, new JobBuilder().WithId(1).WithGpus("H100:1", "V100:1").Build());

        plan.Rows.Select(r => (r.Site, r.Accelerator!.Model)).ShouldBe([("a", "H100"), ("a", "V100"), ("b", "V100")], ignoreOrder: true);
        var excluded = plan.Excluded.ShouldHaveSingleItem();
        (excluded.Site, excluded.Accelerator!.Model, excluded.Reason).ShouldBe(("b", "H100", "has no H100"));
        plan.Rows[0].Accelerator!.Model.ShouldBe("H100"); // fastest finish first
    }

    [Fact]
    public void Plan_TenantQuotaTooSmall_ExcludesTheChoiceWithTheQuotaReason()
    {
        var pool = new PoolBuilder().Node("a", "n1", "H100", 8)
            .Tenant(new TenantPolicy("t1") { Nominal = Prices(("H100", 4.0)) }).Build();

        var plan = CreateSut().Plan(pool, new JobBuilder().WithId(1).ForTenant("t1").WithGpus("H100:8").Build());

        plan.Rows.ShouldBeEmpty();
        plan.Excluded.ShouldHaveSingleItem().Reason.ShouldStartWith("quota: tenant t1 is at quota for H100");
    }

    [Fact]
    public void Plan_SiteWithItsOwnQueue_DelaysTheStartAndSaysSo()
    {
        var pool = new PoolBuilder().Node("a", "n1", "A100-80G", 8)
            .Site(new SiteSnapshot("a") { QueuedAccelerators = new Dictionary<string, int> { ["A100-80G"] = 16 } }).Build();

        var row = CreateSut().Plan(pool, new JobBuilder().WithId(1).WithGpus("A100-80G:1").Build()).Rows.ShouldHaveSingleItem();

        row.ExpectedStart.ShouldBe(Now + TimeSpan.FromHours(2)); // 16 queued over 8 devices x the 1h default runtime
        row.Note.ShouldBe("behind 16 A100-80G in the site's own queue");
    }

    [Fact]
    public void Plan_CpuOnlyJob_HasOneRowPerSiteWithoutCost()
    {
        var pool = new PoolBuilder().Node("a", "c1").Node("b", "c2").Build();

        var plan = CreateSut().Plan(pool, new JobBuilder().WithId(1).WithCpu(4).Build());

        plan.Rows.Select(r => (r.Site, r.Accelerator, r.ExpectedCost)).ShouldBe([("a", null, 0.0), ("b", null, 0.0)]);
        plan.Rows.Count(r => r.Chosen).ShouldBe(1);
    }

    [Fact]
    public void Plan_SameSnapshotTwice_GivesTheSamePlan()
    {
        var running = new JobBuilder().WithGpus("A100-80G:8").WithMaxRuntime("2h").Build();
        var pool = new PoolBuilder().Nodes("a", 2, "A100-80G", 8).Nodes("b", 1, "H100", 8).Node("c", "x", "T4", 8)
            .Running(running, "a", "A100-80G", 8, startedAgo: TimeSpan.FromMinutes(10), nodes: "a-1")
            .Pending(new JobBuilder().WithId(40).WithGpus("H100:8").WithMaxRuntime("1h").WithPriority(5).Build()).Build();
        var job = new JobBuilder().WithId(1).WithGpus("H100:8", "A100-80G:8").WithReplicas(2).Build();

        var first = CreateSut().Plan(pool, job);
        var second = CreateSut().Plan(pool, job);

        second.Rows.ShouldBe(first.Rows);
        second.Excluded.ShouldBe(first.Excluded);
        pool.Pending.Count.ShouldBe(1);
    }

    [Fact]
    public void Plan_HigherPriorityJobWaitsForTheSameRoom_StartsAfterItHasRun()
    {
        var running = new JobBuilder().WithGpus("H100:8").WithPriority(10).WithMaxRuntime("1h").Build();
        var ahead = new JobBuilder().WithId(50).WithGpus("H100:8").WithPriority(10).WithMaxRuntime("3h").Build();
        var pool = new PoolBuilder().Node("a", "n1", "H100", 8)
            .Running(running, "a", "H100", 8, startedAgo: TimeSpan.Zero, nodes: "n1").Pending(ahead).Build();

        var plan = CreateSut().Plan(pool, new JobBuilder().WithId(1).WithGpus("H100:8").SubmittedAt(Now).Build());

        var row = plan.Rows.ShouldHaveSingleItem();
        row.ExpectedStart.ShouldBe(Now + TimeSpan.FromHours(4)); // the running hour, then the 3 h of the job ahead
        row.Note.ShouldBe("after work queued ahead of it");
        plan.PendingAhead.ShouldBe(1);
    }

    [Fact]
    public void Plan_TwoSitesOneBusyBehindAQueue_EachRowHasItsOwnStart()
    {
        var running = new JobBuilder().WithGpus("A100-80G:8").WithPriority(10).WithMaxRuntime("2h").Build();
        var ahead = new JobBuilder().WithId(50).WithGpus("A100-80G:8").WithPriority(10).OnlyAt("busy").WithMaxRuntime("1h").Build();
        var pool = new PoolBuilder().Node("busy", "n1", "A100-80G", 8).Node("free", "n2", "A100-80G", 8)
            .Running(running, "busy", "A100-80G", 8, startedAgo: TimeSpan.FromHours(1), nodes: "n1").Pending(ahead).Build();

        var plan = CreateSut().Plan(pool, new JobBuilder().WithId(1).WithGpus("A100-80G:8").WithMaxRuntime("1h").SubmittedAt(Now).Build());

        plan.Rows.Select(r => (r.Site, r.ExpectedStart, r.Chosen)).ShouldBe([("free", (DateTimeOffset?)Now, true), ("busy", Now + TimeSpan.FromHours(2), false)]);
    }

    [Fact]
    public void Plan_RoomFreeButReservedForABlockedGangAhead_StartsAfterTheGangHasRun()
    {
        var running = new JobBuilder().WithGpus("H100:8").WithMaxRuntime("2h").Build();
        var gang = new JobBuilder().WithId(50).WithGpus("H100:8").WithReplicas(2).WithMaxRuntime("4h").SubmittedAt(Now.AddHours(-1)).Build();
        var pool = new PoolBuilder().Node("a", "n1", "H100", 8).Node("a", "n2", "H100", 8)
            .Running(running, "a", "H100", 8, startedAgo: TimeSpan.Zero, nodes: "n1").Pending(gang).Build();

        var plan = CreateSut().Plan(pool, new JobBuilder().WithId(1).WithGpus("H100:8").SubmittedAt(Now).Build());

        plan.PlacedNow.ShouldBeFalse();
        plan.Waiting.ShouldNotBeNull();
        var row = plan.Rows.ShouldHaveSingleItem();
        row.ExpectedStart.ShouldBe(Now + TimeSpan.FromHours(6)); // n1 frees at 2 h, the gang then runs 4 h on both nodes
        row.Note.ShouldBe("after work queued ahead of it");
    }

    [Fact]
    public void Plan_ShortJobFitsBeforeTheReservation_IsBackfilledNow()
    {
        var running = new JobBuilder().WithGpus("H100:8").WithMaxRuntime("2h").Build();
        var gang = new JobBuilder().WithId(50).WithGpus("H100:8").WithReplicas(2).WithMaxRuntime("4h").SubmittedAt(Now.AddHours(-1)).Build();
        var pool = new PoolBuilder().Node("a", "n1", "H100", 8).Node("a", "n2", "H100", 8)
            .Running(running, "a", "H100", 8, startedAgo: TimeSpan.Zero, nodes: "n1").Pending(gang).Build();

        var plan = CreateSut().Plan(pool, new JobBuilder().WithId(1).WithGpus("H100:8").WithMaxRuntime("1h").SubmittedAt(Now).Build());

        plan.Rows.ShouldHaveSingleItem().ShouldSatisfyAllConditions(r => r.Chosen.ShouldBeTrue(), r => r.ExpectedStart.ShouldBe(Now));
        plan.PendingAhead.ShouldBe(1);
    }

    [Fact]
    public void Plan_CheaperWorkRunsInTheWay_StartsOnceThePreemptedJobStops()
    {
        var victim = new JobBuilder().WithGpus("A100-80G:8").Preemptible().Build();
        var pool = new PoolBuilder().Node("a", "n1", "A100-80G", 8)
            .Running(victim, "a", "A100-80G", 8, startedAgo: TimeSpan.FromHours(1), nodes: "n1").Build();

        var plan = CreateSut().Plan(pool, new JobBuilder().WithId(1).WithGpus("A100-80G:8").WithPriority(5).Build());

        plan.Waiting!.ShouldContain("preempting 1 running job(s) at a");
        var row = plan.Rows.ShouldHaveSingleItem();
        row.ExpectedStart.ShouldBe(Now);
        row.Note.ShouldBe("after 1 preempted job(s) stop");
    }

    [Fact]
    public void Plan_MoreEndsThanTheReplayBudget_GivesALowerBoundAndSaysSo()
    {
        var pool = new PoolBuilder().Node("a", "n1", cpu: 100);
        for (var i = 1; i <= 70; i++)
        {
            pool.Running(new JobBuilder().WithCpu(1).WithMaxRuntime($"{i}m").Build(), "a", null, 0, startedAgo: TimeSpan.Zero, nodes: "n1");
        }

        var row = CreateSut().Plan(pool.Build(), new JobBuilder().WithId(1).WithCpu(100).SubmittedAt(Now).Build()).Rows.ShouldHaveSingleItem();

        row.ExpectedStart.ShouldBe(Now + TimeSpan.FromMinutes(70)); // the simple bound: the last of the 70 ends
        row.StartIsLowerBound.ShouldBeTrue();
        row.Note.ShouldBe("or later: not all pending work ahead of it was replayed");
    }

    [Fact]
    public void Plan_JobAlreadyQueued_Throws()
    {
        var job = new JobBuilder().WithId(7).Build();
        var pool = new PoolBuilder().Node("a", "c1").Pending(job).Build();

        Should.Throw<ArgumentException>(() => CreateSut().Plan(pool, job));
    }

    private static JobPlanner CreateSut() => new();

    private static Dictionary<string, double> Prices(params (string Model, double Price)[] prices) =>
        prices.ToDictionary(p => p.Model, p => p.Price, StringComparer.OrdinalIgnoreCase);
}
