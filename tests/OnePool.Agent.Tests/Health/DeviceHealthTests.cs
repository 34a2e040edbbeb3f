using OnePool.Agent.Health;
using OnePool.Contracts.Agents;
using Shouldly;

namespace OnePool.Agent.Tests.Health;

public sealed class DeviceHealthTests
{
    private static readonly AgentNode Node = new("n1", "process", 4000, 4096,
        [new AcceleratorDevice(0, "T4", 16384, true), new AcceleratorDevice(1, "T4", 16384, true)],
        new Dictionary<string, long>(), new Dictionary<string, string>());

    [Fact]
    public void Parse_IndicesOnePerLine_AreTheFailedDevices() =>
        DeviceHealth.Parse("1\n", Node)!.ShouldBe([1]);

    [Fact]
    public void Parse_All_FailsEveryDevice() =>
        DeviceHealth.Parse("all\n", Node)!.Order().ShouldBe([0, 1]);

    [Fact]
    public void Parse_NothingPrinted_MeansAllHealthy() =>
        DeviceHealth.Parse("", Node)!.ShouldBeEmpty();

    [Fact]
    public void Parse_Garbage_IsUnreadableAndChangesNothing() =>
        DeviceHealth.Parse("GPU 0: XID 79\n", Node).ShouldBeNull();

    [Fact]
    public void Apply_WithoutFailures_ReturnsTheNodeUnchanged()
    {
        var health = new DeviceHealth(null, TimeSpan.FromSeconds(10), detected: false, TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);

        health.Apply(Node).ShouldBeSameAs(Node);
    }

    [Fact]
    public void ParseHealth_EccErrorsPendingRetirementAndUnreadableFields_FailThoseGpus()
    {
        const string output = """
            0, 0, No
            1, 2, No
            2, 0, Yes
            3, [GPU requires reset], [GPU requires reset]
            4, [N/A], [N/A]
            """;

        var (present, failing) = OnePool.Agent.Inventory.NvidiaSmi.ParseHealth(output);

        present.Order().ShouldBe([0, 1, 2, 3, 4]);
        failing.Order().ShouldBe([1, 2, 3]);
    }

    [Fact]
    public void ParseHealth_RowRemappingAndRecoveryAction_FailThoseGpus()
    {
        const string output = """
            0, 0, [N/A], No, No, None
            1, 0, [N/A], Yes, No, None
            2, 0, [N/A], No, Yes, None
            3, 0, [N/A], No, No, Reset
            4, 0, [N/A], [N/A], [N/A], [N/A]
            """;

        var (present, failing) = OnePool.Agent.Inventory.NvidiaSmi.ParseHealth(output);

        present.Order().ShouldBe([0, 1, 2, 3, 4]);
        failing.Order().ShouldBe([1, 2, 3]);
    }

    [Fact]
    public void ParseHealth_RealH200ExtendedOutput_IsHealthy()
    {
        // The agent's full health query on a lent H200 (driver 580.159.04), 2026-11-26. The same query with one
        // unknown field exits 2 and prints nothing useful, hence the fallback to the basic query on older drivers.
        var (present, failing) = OnePool.Agent.Inventory.NvidiaSmi.ParseHealth("0, 0, [N/A], No, No, None\n");

        present.ShouldBe([0]);
        failing.ShouldBeEmpty();
    }

    [Fact]
    public void ParseHealth_RealH200Output_NoPageRetirementOnHopperIsHealthy()
    {
        // Recorded by scripts/gpu-node-check.sh on a lent H200 machine (driver 580.159.04), 2026-11-26: Hopper
        // remaps rows instead of retiring pages, so retired_pages.pending reads [N/A].
        var (present, failing) = OnePool.Agent.Inventory.NvidiaSmi.ParseHealth("0, 0, [N/A]\n");

        present.ShouldBe([0]);
        failing.ShouldBeEmpty();
    }
}
