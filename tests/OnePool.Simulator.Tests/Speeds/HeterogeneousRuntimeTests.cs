using OnePool.Scheduler;
using OnePool.Simulator.Policies;
using OnePool.Simulator.Pools;
using OnePool.Simulator.Speeds;
using Shouldly;
using Xunit;

namespace OnePool.Simulator.Tests.Speeds;

public sealed class HeterogeneousRuntimeTests
{
    private static PoolSpec Pool(params (string Model, int Gpus)[] nodes) => new([new SiteSpec("s",
        [.. nodes.Select((n, i) => new NodeSpec("s", $"n{i}", n.Model, n.Gpus, 8000, 65536, null))],
        new Dictionary<string, double>(StringComparer.OrdinalIgnoreCase) { ["V100"] = 3, ["K80"] = 1 })]);

    [Fact]
    public void Speed_FollowsGavelsMatrix_AndTheBuiltInTableOutsideIt()
    {
        var matrix = ThroughputMatrix.Default;

        matrix.Speed(Tiny.JobType, "V100").ShouldBe(1);
        matrix.Speed(Tiny.JobType, "K80").ShouldBe(0.619 / 4.3948, 1e-12);
        matrix.Speed(Tiny.JobType, "V100M32").ShouldBe(1);
        matrix.Speed("Recommendation (batch size 1024)", "K80").ShouldBe(20.05 / 13.2826, 1e-12);
        matrix.Speed(Tiny.JobType, "H100").ShouldBe(5.0);
    }

    [Fact]
    public void Run_OnlyK80s_RuntimeIsDurationTimesV100OverK80Throughput()
    {
        var result = Tiny.Run(Tiny.Trace((0, 1, 100)), new FifoPolicy(), Pool(("K80", 1)));

        result.Jobs[0].CompletionTime.ShouldBe(100 * 4.3948 / 0.619, 1e-6);
        result.Jobs[0].Cost.ShouldBe(100 * 4.3948 / 0.619 / 3600, 1e-9);
    }

    [Fact]
    public void OnePool_FreeK80AndFreeV100_PicksTheV100ThatFinishesSooner()
    {
        var result = Tiny.Run(Tiny.Trace((0, 1, 100)), new OnePoolPolicy(new PoolScheduler()), Pool(("K80", 1), ("V100", 1)));

        result.Jobs[0].CompletionTime.ShouldBe(100);
    }

    [Fact]
    public void Fifo_FreeK80AndFreeV100_TakesTheFirstNodeWhateverItsSpeed()
    {
        var result = Tiny.Run(Tiny.Trace((0, 1, 100)), new FifoPolicy(), Pool(("K80", 1), ("V100", 1)));

        result.Jobs[0].CompletionTime.ShouldBeGreaterThan(700);
    }
}
