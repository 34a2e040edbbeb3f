using OnePool.Simulator.Engine;
using OnePool.Simulator.Failures;
using OnePool.Simulator.Policies;
using OnePool.Simulator.Pools;
using OnePool.Simulator.Traces;
using Shouldly;
using Xunit;

namespace OnePool.Simulator.Tests.Policies;

public sealed class HeteroPolicyTests
{
    // Gavel's steps/s (K80, V100): ResNet-18 (batch size 256) 0.8856 and 10.3003, it gains most from a V100;
    // Recommendation (batch size 1024) 20.05 and 13.2826, it is faster on a K80.
    private const string ResNet = "ResNet-18 (batch size 256)";
    private const string Rec = "Recommendation (batch size 1024)";

    [Fact]
    public void Hetero_OneK80AndOneV100_PutsTheJobThatGainsMostFromTheV100OnIt()
    {
        // Both jobs want 1 h of V100 time at 0. Normalised by an equal share of the pool, the LP's only optimum puts
        // A (ResNet) on the V100 and B (Recommendation) on the K80 all the time (B is at its best there, A then does
        // best with the V100). Every round, each job's deficit stays 0 and nothing moves: A ends at 3600 s, B at
        // 3600 x 13.2826 / 20.05 = 2384.9 s. Fifo, blind to speed, puts the first job on the first group (the K80):
        // A then takes 3600 x 10.3003 / 0.8856 = 41,871 s.
        var trace = Two();

        var hetero = Tiny.Run(trace, new HeteroPolicy(), K80ThenV100());
        var fifo = Tiny.Run(trace, new FifoPolicy(), K80ThenV100());

        Tiny.Jcts(hetero).ShouldBe([3600, 3600 * 13.2826 / 20.05], 1e-6);
        hetero.Jobs.Sum(j => j.Preemptions).ShouldBe(0);
        Tiny.Jcts(fifo).ShouldBe([3600 * 10.3003 / 0.8856, 3600], 1e-6);
    }

    [Fact]
    public void Hetero_MoreJobsThanGpus_TakesTurnsEveryRound()
    {
        // Two 1-GPU jobs of 1,000 s on one V100: each has share 1/2. Round at 0: A (lower index) runs; at 360 A's
        // deficit is -180 and B's +180, so B runs; at 720 A; at 1080 B... Each runs 360 s in turn: A has 1000 s after
        // rounds 0, 720, 1440 (360 x 2 = 720 s done, 280 left) ending at 1440 + 280 = 1720; B then runs alone from
        // 1720 (its 720 s done at 1440, 280 left): 2000.
        var trace = Tiny.Trace((0, 1, 1000), (0, 1, 1000));

        var result = Tiny.Run(trace, new HeteroPolicy(), DefaultPool.Homogeneous(1, "V100", 1));

        Tiny.Jcts(result).ShouldBe([1720, 2000], 1e-6);
        result.Jobs.Sum(j => j.Preemptions).ShouldBe(4);
    }

    [Fact]
    public void Hetero_HeterogeneousPoolWithFailures_KeepsTheEngineInvariantsAndFinishesEveryJob()
    {
        // The engine throws on an over-commit, a split gang or an idle pool with jobs waiting.
        var jobs = Enumerable.Range(0, 80).Select(i => new TraceJob($"j{i}", i * 60, 1 << (i % 4), 900 + (i * 53 % 2400),
            ThroughputMatrixTypes[i % ThroughputMatrixTypes.Length], $"t{i % 3}"));
        var pool = new PoolSpec([new SiteSpec("a", [Node("a", "k", "K80", 4, 0), Node("a", "v", "V100", 4, 1), Node("a", "p", "P100", 8, 2)], NoPrices),
            new SiteSpec("b", [Node("b", "v", "V100", 8, 3)], NoPrices)]);
        var options = new SimulationOptions { Failures = new FailureModel("harsh", 2.0, 0.5, 0), CheckpointIntervalSeconds = 300 };

        var result = Tiny.Run(Trace.Sorted("mixed", jobs), new HeteroPolicy(), pool, options);

        result.Jobs.ShouldAllBe(j => j.Finished);
        result.Jobs.Sum(j => j.Preemptions).ShouldBeGreaterThan(0);
        result.Jobs.Sum(j => j.NodeFailures).ShouldBeGreaterThan(0);
    }

    private static readonly string[] ThroughputMatrixTypes = [ResNet, Rec, "A3C", "Transformer (batch size 64)", "LM (batch size 20)"];

    private static readonly IReadOnlyDictionary<string, double> NoPrices = new Dictionary<string, double>();

    private static Trace Two() => Trace.Sorted("two", [new TraceJob("A", 0, 1, 3600, ResNet, "t"), new TraceJob("B", 0, 1, 3600, Rec, "t")]);

    private static PoolSpec K80ThenV100() => new([new SiteSpec("s", [Node("s", "k80", "K80", 1, 0), Node("s", "v100", "V100", 1, 1)], NoPrices)]);

    private static NodeSpec Node(string site, string name, string model, int gpus, int i) =>
        new(site, $"{name}{i}", model, gpus, 64_000, 512 * 1024, null);
}
