using OnePool.Simulator.Engine;
using OnePool.Simulator.Replay;
using OnePool.Simulator.Traces;
using Shouldly;
using Xunit;

namespace OnePool.Simulator.Tests.Policies;

/// <summary>The ten-job Philly sample replayed end to end on its default pool, as <c>onepool simulate</c> does.</summary>
public sealed class PhillySampleTests
{
    [Theory]
    [InlineData("fifo")]
    [InlineData("backfill")]
    [InlineData("las")]
    [InlineData("hetero")]
    [InlineData("onepool")]
    public void Replay_AtLoad08_EveryJobFinishesWithinTheBounds(string policy)
    {
        var loaded = TraceLoader.Load(Path.Combine(AppContext.BaseDirectory, "Fixtures", "philly-sample.csv"), 1);
        var setup = ReplaySetup.Create(loaded, pool: null, load: 0.8, new SimulationOptions());

        var run = Replayer.Run(setup, policy, null, TestContext.Current.CancellationToken);

        setup.Bounds.OfferedLoad.ShouldBe(0.8, 1e-9);
        run.Summary.Finished.ShouldBe(10);
        run.Summary.AverageJct.ShouldBeGreaterThanOrEqualTo(setup.Bounds.AverageJctBound);
        run.Summary.Makespan.ShouldBeGreaterThanOrEqualTo(setup.Bounds.MakespanBound - 1e-6);
        run.Summary.Utilisation.ShouldBeInRange(0.0, 1.0);
    }
}
