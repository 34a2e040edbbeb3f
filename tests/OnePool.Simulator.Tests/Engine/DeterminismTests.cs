using OnePool.Simulator.Engine;
using OnePool.Simulator.Failures;
using OnePool.Simulator.Metrics;
using OnePool.Simulator.Policies;
using Shouldly;
using Xunit;

namespace OnePool.Simulator.Tests.Engine;

public sealed class DeterminismTests
{
    // Failures often enough that a run of a few hours meets several, and some users' jobs fail.
    private static readonly FailureModel Harsh = new("harsh", 2.0, 0.5, 0.2);

    [Theory]
    [InlineData("fifo")]
    [InlineData("backfill")]
    [InlineData("las")]
    [InlineData("hetero")]
    [InlineData("onepool")]
    public void Run_SameSeedTwice_GivesTheSameOutcomes(string policy)
    {
        var first = Run(policy, seed: 7);
        var second = Run(policy, seed: 7);

        second.Jobs.ShouldBe(first.Jobs);
        first.Jobs.Sum(j => j.NodeFailures).ShouldBeGreaterThan(0);
    }

    [Fact]
    public void Run_AnotherSeed_DrawsOtherFailures()
    {
        var first = Run("fifo", seed: 7);
        var other = Run("fifo", seed: 8);

        other.Jobs.Select(j => j.End).ShouldNotBe(first.Jobs.Select(j => j.End));
    }

    private static SimulationResult Run(string policy, int seed)
    {
        var jobs = Enumerable.Range(0, 60).Select(i => ((double)(i * 90), 1 + (i % 4), 600.0 + (i * 37 % 1800))).ToArray();
        return Tiny.Run(Tiny.Trace(jobs), PolicyCatalog.Create(policy), Tiny.Pool(4, 4),
            new SimulationOptions { Seed = seed, Failures = Harsh, CheckpointIntervalSeconds = 300 });
    }
}
