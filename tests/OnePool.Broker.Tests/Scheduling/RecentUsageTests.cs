using OnePool.Broker.Scheduling;
using OnePool.Store.Records;
using Shouldly;
using Xunit;

namespace OnePool.Broker.Tests.Scheduling;

public sealed class RecentUsageTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 8, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Compute_OneDeviceForADayEndingADayAgo_IsTheDecayIntegral()
    {
        var usage = RecentUsage.Compute([Attempt("a", "T4:1", 1, Now.AddHours(-48), Now.AddHours(-24))], Now);

        usage["a"].ShouldBe(24 * (Math.Exp(-1) - Math.Exp(-2)), 1e-9);
    }

    [Fact]
    public void Compute_GangStillRunning_CountsEveryDeviceUntilNow()
    {
        var usage = RecentUsage.Compute([Attempt("a", "A100-80G:8", 2, Now.AddHours(-1), null)], Now);

        usage["a"].ShouldBe(16 * 24 * (1 - Math.Exp(-1.0 / 24)), 1e-9);
    }

    [Fact]
    public void Compute_RunOlderThanTheWindow_CountsOnlyTheWindow()
    {
        var usage = RecentUsage.Compute(
        [
            Attempt("a", "T4:1", 1, Now.AddDays(-30), Now),
            Attempt("b", "T4:1", 1, Now - RecentUsage.Window, Now),
            Attempt("c", "", 1, Now.AddHours(-1), Now),
        ], Now);

        usage["a"].ShouldBe(usage["b"], 1e-9);
        usage.ContainsKey("c").ShouldBeFalse();
    }

    private static AcceleratorUsageRecord Attempt(string tenant, string accelerator, int replicas, DateTimeOffset started, DateTimeOffset? finished) => new()
    {
        Tenant = tenant, Accelerator = accelerator, Replicas = replicas,
        CreatedAt = Time.ToMs(started), StartedAt = Time.ToMs(started), FinishedAt = finished is { } f ? Time.ToMs(f) : null,
    };
}
