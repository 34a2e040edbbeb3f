using OnePool.Core.Jobs;
using Shouldly;
using Xunit;

namespace OnePool.Core.Tests.Jobs;

public sealed class EffectiveTimeTests
{
    private static readonly DateTimeOffset T0 = new(2026, 5, 1, 3, 0, 0, TimeSpan.Zero);

    private static DateTimeOffset M(double minutes) => T0.AddMinutes(minutes);

    [Fact]
    public void Compute_OneAttemptThatSucceeded_IsFullyEffective()
    {
        var e = EffectiveTime.Compute([new AttemptSpan(AttemptState.Succeeded, M(0), M(60), null, 8)], M(60));

        e.Ratio.ShouldBe(1);
        e.AllocatedDeviceHours.ShouldBe(8, 1e-9);
        e.InfrastructureFailures.ShouldBe(0);
    }

    [Fact]
    public void Compute_LostAfterACheckpoint_LosesOnlyTheWorkSinceItAndTheRestart()
    {
        // Journey 4: checkpoint at 03:50, node lost (detected) at 04:00, running again at 04:01 until 05:00.
        var e = EffectiveTime.Compute(
            [new AttemptSpan(AttemptState.Lost, M(0), M(60), M(50), 1), new AttemptSpan(AttemptState.Succeeded, M(61), M(120), null, 1)],
            M(120));

        e.LostWork.ShouldBe(TimeSpan.FromMinutes(10));
        e.RestartTime.ShouldBe(TimeSpan.FromMinutes(1));
        e.Ratio.ShouldBe((119.0 - 10) / 120, 1e-9);
        e.InfrastructureFailures.ShouldBe(1);
    }

    [Fact]
    public void Compute_LostWithoutCheckpoint_LosesTheWholeAttempt()
    {
        var e = EffectiveTime.Compute(
            [new AttemptSpan(AttemptState.Preempted, M(0), M(30), null, 2), new AttemptSpan(AttemptState.Running, M(30), null, null, 2)],
            M(60));

        e.LostWork.ShouldBe(TimeSpan.FromMinutes(60)); // 30 minutes x 2 devices
        e.Ratio.ShouldBe(0.5, 1e-9);
    }

    [Fact]
    public void Compute_OwnFailure_IsCountedButNotLost()
    {
        var e = EffectiveTime.Compute([new AttemptSpan(AttemptState.Failed, M(0), M(10), null, 1)], M(10));

        e.OwnFailures.ShouldBe(1);
        e.LostWork.ShouldBe(TimeSpan.Zero);
    }

    [Fact]
    public void Combine_WeightsJobsByTheirDeviceTime()
    {
        var big = new Efficiency(1, TimeSpan.Zero, TimeSpan.Zero, 9, 0, 0);
        var small = new Efficiency(0, TimeSpan.FromHours(1), TimeSpan.Zero, 1, 1, 0);

        Efficiency.Combine([big, small]).Ratio.ShouldBe(0.9, 1e-9);
    }
}
