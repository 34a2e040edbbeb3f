using OnePool.Simulator.Metrics;
using OnePool.Simulator.Policies;
using OnePool.Simulator.Pools;
using Shouldly;
using Xunit;

namespace OnePool.Simulator.Tests.Metrics;

public sealed class PolicySummaryTests
{
    [Fact]
    public void Of_FifoOnFiveJobs_HasTheHandComputedFigures()
    {
        // JCTs 100, 140, 160, 170, 340 (see FiveJobsTests); first start 0, 100, 150, 180, 180.
        var trace = Tiny.Trace((0, 4, 100), (10, 2, 50), (20, 4, 30), (30, 1, 20), (40, 1, 200));

        var summary = PolicySummary.Of(Tiny.Run(trace, new FifoPolicy()), wallSeconds: 0);

        summary.AverageJct.ShouldBe(182);
        summary.MedianJct.ShouldBe(160);
        summary.P99Jct.ShouldBe(340);
        summary.AverageQueueingDelay.ShouldBe((0 + 90 + 130 + 150 + 140) / 5.0);
        summary.Makespan.ShouldBe(380);
        // GPU-seconds held: 400 + 100 + 120 + 20 + 200 = 840 over 4 GPUs x 380 s.
        summary.Utilisation.ShouldBe(840 / (4 * 380.0), 1e-12);
        summary.EffectiveTrainingTime.ShouldBe(1);
        // The default pool prices a V100-hour at 1.0: cost is GPU-hours held.
        summary.Cost.ShouldBe(840 / 3600.0, 1e-12);
        summary.Preemptions.ShouldBe(0);
    }

    [Fact]
    public void Of_JobAloneInThePool_HasRhoOne()
    {
        var summary = PolicySummary.Of(Tiny.Run(Tiny.Trace((0, 2, 100)), new FifoPolicy()), 0);

        summary.MaxRho.ShouldBe(1);
        summary.MeanRho.ShouldBe(1);
    }

    [Fact]
    public void Percentile_IsNearestRank()
    {
        double[] sorted = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];

        PolicySummary.Percentile(sorted, 0.5).ShouldBe(5);
        PolicySummary.Percentile(sorted, 0.95).ShouldBe(10);
        PolicySummary.Percentile(sorted, 0.1).ShouldBe(1);
        PolicySummary.Percentile([], 0.5).ShouldBe(0);
    }

    [Fact]
    public void Bounds_AreMetByAJobAloneAndNeverBeaten()
    {
        var trace = Tiny.Trace((0, 4, 100), (10, 2, 50), (20, 4, 30), (30, 1, 20), (40, 1, 200));
        var bounds = WorkloadBounds.Of(trace, Tiny.Pool());

        bounds.AverageJctBound.ShouldBe(80);
        // max(latest end alone: 40 + 200, all work spread: 840 / 4 = 210).
        bounds.MakespanBound.ShouldBe(240);
        foreach (var policy in PolicyCatalog.Names)
        {
            var summary = PolicySummary.Of(Tiny.Run(trace, PolicyCatalog.Create(policy)), 0);
            summary.AverageJct.ShouldBeGreaterThanOrEqualTo(bounds.AverageJctBound);
            summary.Makespan.ShouldBeGreaterThanOrEqualTo(bounds.MakespanBound);
        }
    }

    [Fact]
    public void Bounds_HeterogeneousPool_UseEachJobsFastestModel()
    {
        // ResNet-50 bs64 runs 4.3948 / 2.6195 = 1.68x slower on a P100 than on a V100.
        var pool = new PoolSpec([new SiteSpec("s", [new NodeSpec("s", "p", "P100", 1, 1000, 1024, null)], new Dictionary<string, double>())]);

        WorkloadBounds.Of(Tiny.Trace((0, 1, 100)), pool).AverageJctBound.ShouldBe(100 * 4.3948 / 2.6195, 1e-9);
    }
}
