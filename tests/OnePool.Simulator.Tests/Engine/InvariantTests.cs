using OnePool.Simulator.Engine;
using OnePool.Simulator.Policies;
using Shouldly;
using Xunit;

namespace OnePool.Simulator.Tests.Engine;

public sealed class InvariantTests
{
    [Fact]
    public void Start_DeviceAlreadyHeld_ThrowsOverCommit()
    {
        var trace = Tiny.Trace((0, 1, 10), (0, 1, 10));

        var error = Should.Throw<InvariantViolationException>(() => Tiny.Run(trace, new SameDevicePolicy()));

        error.Message.ShouldContain("over-committed");
    }

    [Fact]
    public void Start_GangWithAReplicaMissing_ThrowsSplitGang()
    {
        var trace = Tiny.Trace((0, 4, 10));

        var error = Should.Throw<InvariantViolationException>(() => Tiny.Run(trace, new HalfGangPolicy()));

        error.Message.ShouldContain("split the gang");
    }

    [Fact]
    public void Run_PolicyThatNeverStartsAnything_ThrowsInsteadOfLoopingForever()
    {
        var trace = Tiny.Trace((0, 1, 10));

        var error = Should.Throw<InvariantViolationException>(() => Tiny.Run(trace, new IdlePolicy()));

        error.Message.ShouldContain("idle");
    }

    [Fact]
    public void WakeAt_TimeInThePast_Throws()
    {
        var trace = Tiny.Trace((5, 1, 10));

        Should.Throw<InvariantViolationException>(() => Tiny.Run(trace, new PastWakePolicy()))
            .Message.ShouldContain("before now");
    }

    [Fact]
    public void Simulation_JobLargerThanAnySite_IsRejectedBeforeRunning()
    {
        var trace = Tiny.Trace((0, 8, 10));

        Should.Throw<OnePool.Simulator.Traces.TraceFormatException>(() => new Simulation(trace, Tiny.Pool(), new FifoPolicy(), new SimulationOptions()))
            .Message.ShouldContain("job A needs 4 x 2 GPUs");
    }

    [Fact]
    public void BusySeries_NeverExceedsThePool_AndEndsAtZero()
    {
        var trace = Tiny.Trace((0, 4, 100), (10, 2, 50), (20, 4, 30), (30, 1, 20), (40, 1, 200));

        var result = Tiny.Run(trace, new LasPolicy(100));

        result.Busy.Values.ShouldAllBe(v => v >= 0 && v <= 4);
        result.Busy.Values[^1].ShouldBe(0);
        result.Busy.Times.ShouldBeInOrder(SortDirection.Ascending);
    }

    private sealed class SameDevicePolicy : ISimPolicy
    {
        public string Name => "same-device";

        public void Schedule(Simulation simulation)
        {
            foreach (var index in simulation.Pending.ToList())
            {
                simulation.Start(simulation.Jobs[index], [(0, 1UL)]);
            }
        }
    }

    private sealed class HalfGangPolicy : ISimPolicy
    {
        public string Name => "half-gang";

        public void Schedule(Simulation simulation) => simulation.Start(simulation.Jobs[simulation.Pending.Min], [(0, 3UL)]);
    }

    private sealed class IdlePolicy : ISimPolicy
    {
        public string Name => "idle";

        public void Schedule(Simulation simulation)
        {
        }
    }

    private sealed class PastWakePolicy : ISimPolicy
    {
        public string Name => "past-wake";

        public void Schedule(Simulation simulation) => simulation.WakeAt(simulation.Now - 1);
    }
}
