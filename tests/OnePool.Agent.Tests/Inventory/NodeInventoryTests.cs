using OnePool.Agent.Config;
using OnePool.Agent.Inventory;
using OnePool.Contracts.Agents;
using Shouldly;

namespace OnePool.Agent.Tests.Inventory;

public sealed class NodeInventoryTests
{
    [Fact]
    public async Task ResolveAsync_DeclaredAccelerators_NumbersThemInOrderWithoutDetecting()
    {
        var config = NodeConfig.Empty with
        {
            Node = "n1",
            CpuMillis = 16_000,
            MemoryMiB = 131072,
            Accelerators = [new DeclaredAccelerator("A100-80G", 2, 81920), new DeclaredAccelerator("T4", 1, 0)],
        };
        var detected = false;

        var node = await NodeInventory.ResolveAsync(config, _ =>
        {
            detected = true;
            return Task.FromResult<IReadOnlyList<AcceleratorDevice>>([]);
        }, TestContext.Current.CancellationToken);

        detected.ShouldBeFalse();
        node.Accelerators.Select(a => (a.Index, a.Model)).ShouldBe([(0, "A100-80G"), (1, "A100-80G"), (2, "T4")]);
        node.Executor.ShouldBe("process");
        NodeInventory.Describe(node).ShouldBe("16 cpu, 128Gi, 2 x A100-80G, 1 x T4");
    }

    [Fact]
    public async Task ResolveAsync_NothingDeclared_UsesTheMachineAndDetection()
    {
        var node = await NodeInventory.ResolveAsync(NodeConfig.Empty,
            _ => Task.FromResult<IReadOnlyList<AcceleratorDevice>>([new AcceleratorDevice(0, "L4", 23034, true)]),
            TestContext.Current.CancellationToken);

        node.CpuMillis.ShouldBe(Environment.ProcessorCount * 1000);
        node.MemoryMiB.ShouldBeGreaterThan(0);
        node.Name.ShouldNotBeNullOrEmpty();
        node.Accelerators.Single().Model.ShouldBe("L4");
    }

    [Fact]
    public void ParseTotalMiB_MeminfoText_ReturnsMemTotal()
    {
        MemInfo.ParseTotalMiB("MemTotal:       24576000 kB\nMemFree:         1000 kB\n").ShouldBe(24000);
    }
}
