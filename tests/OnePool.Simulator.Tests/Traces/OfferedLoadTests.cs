using OnePool.Simulator.Pools;
using OnePool.Simulator.Traces;
using Shouldly;
using Xunit;

namespace OnePool.Simulator.Tests.Traces;

public sealed class OfferedLoadTests
{
    [Fact]
    public void Of_IsGpuSecondsOverPoolTimesSpan()
    {
        // 2x100 + 4x50 = 400 GPU-seconds over 100 s on 8 GPUs.
        var trace = Tiny.Trace((0, 2, 100), (100, 4, 50));

        OfferedLoad.Of(trace, 8).ShouldBe(0.5);
    }

    [Theory]
    [InlineData(0.8)]
    [InlineData(0.3)]
    [InlineData(1.5)]
    public void ScaleTo_MovesTheLoadToTheTarget_KeepingOrderAndSizes(double load)
    {
        var trace = Tiny.Trace((10, 2, 100), (40, 4, 50), (110, 1, 30));

        var scaled = OfferedLoad.ScaleTo(trace, 8, load);

        OfferedLoad.Of(scaled, 8).ShouldBe(load, 1e-9);
        scaled.Jobs[0].SubmitSeconds.ShouldBe(0);
        scaled.Jobs.Select(j => (j.Id, j.Gpus, j.V100Seconds)).ShouldBe(trace.Jobs.Select(j => (j.Id, j.Gpus, j.V100Seconds)));
    }

    [Fact]
    public void DefaultPool_CoversTheAverageDemandAndTheLargestJob()
    {
        // Average demand 400 GPU-s / 100 s = 4 GPUs -> 1 node, but the 16-GPU job needs 2 nodes.
        Tiny.Trace((0, 2, 100), (100, 4, 50)).Pipe(DefaultPool.NodeCount).ShouldBe(1);
        Tiny.Trace((0, 16, 10), (100, 1, 10)).Pipe(DefaultPool.NodeCount).ShouldBe(2);
        // 20,000 GPU-s over 100 s = 200 GPUs -> 25 nodes.
        Tiny.Trace((0, 8, 2000), (100, 4, 1000)).Pipe(DefaultPool.NodeCount).ShouldBe(25);
    }
}

internal static class PipeExtensions
{
    public static TResult Pipe<T, TResult>(this T value, Func<T, TResult> f) => f(value);
}
