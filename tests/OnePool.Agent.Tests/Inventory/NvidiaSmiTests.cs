using OnePool.Agent.Inventory;
using OnePool.Contracts.Agents;
using Shouldly;

namespace OnePool.Agent.Tests.Inventory;

public sealed class NvidiaSmiTests
{
    [Fact]
    public void Parse_TypicalOutput_ReturnsDevicesWithPoolModels()
    {
        const string output = """
            0, NVIDIA A100-SXM4-80GB, 81920
            1, NVIDIA A100-SXM4-80GB, 81920

            2, NVIDIA H100 80GB HBM3, 81559
            """;

        var devices = NvidiaSmi.Parse(output);

        devices.ShouldBe([
            new AcceleratorDevice(0, "A100-80G", 81920, true),
            new AcceleratorDevice(1, "A100-80G", 81920, true),
            new AcceleratorDevice(2, "H100", 81559, true),
        ]);
    }

    [Fact]
    public void Parse_RealH200Output_ReturnsOneH200WithItsMemory()
    {
        // Recorded by scripts/gpu-node-check.sh on a lent H200 machine (driver 580.159.04), 2026-11-26.
        const string output = "0, NVIDIA H200, 143771\n";

        NvidiaSmi.Parse(output).ShouldBe([new AcceleratorDevice(0, "H200", 143771, true)]);
    }

    [Fact]
    public void Parse_GarbageAndUnknownMemory_SkipsBadLinesAndKeepsZeroMemory()
    {
        var devices = NvidiaSmi.Parse("NVIDIA-SMI has failed\n0, Tesla T4, [N/A]\n");

        devices.ShouldBe([new AcceleratorDevice(0, "T4", 0, true)]);
    }
}

public sealed class GpuModelNamesTests
{
    [Theory]
    [InlineData("NVIDIA A100-SXM4-80GB", "A100-80G")]
    [InlineData("NVIDIA A100 80GB PCIe", "A100-80G")]
    [InlineData("A100 80GB PCIe", "A100-80G")]
    [InlineData("NVIDIA A100-SXM4-40GB", "A100-40G")]
    [InlineData("NVIDIA A100-PCIE-40GB", "A100-40G")]
    [InlineData("NVIDIA H100 80GB HBM3", "H100")]
    [InlineData("NVIDIA H100 PCIe", "H100")]
    [InlineData("NVIDIA H200", "H200")]
    [InlineData("Tesla V100-SXM2-32GB", "V100-32G")]
    [InlineData("Tesla V100-SXM2-16GB", "V100")]
    [InlineData("Tesla V100-PCIE-16GB", "V100")]
    [InlineData("Tesla T4", "T4")]
    [InlineData("NVIDIA L4", "L4")]
    [InlineData("NVIDIA L40S", "L40S")]
    [InlineData("NVIDIA A10G", "A10G")]
    [InlineData("NVIDIA GeForce RTX 4090", "GeForce-RTX-4090")]
    [InlineData("Tesla K80", "K80")]
    public void ToPoolModel_MarketingName_MapsToPoolModel(string marketingName, string expected)
    {
        GpuModelNames.ToPoolModel(marketingName).ShouldBe(expected);
    }
}
