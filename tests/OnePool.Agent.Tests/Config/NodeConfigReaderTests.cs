using OnePool.Agent.Config;
using Shouldly;

namespace OnePool.Agent.Tests.Config;

public sealed class NodeConfigReaderTests
{
    [Fact]
    public void Parse_FullConfig_ReadsEveryKey()
    {
        const string yaml = """
            node: gpu-centre-1
            cpu: 16
            memory: 128Gi
            accelerators:
              - model: A100-80G
                count: 8
                memory: 80Gi
            extended: { dpu: 1 }
            labels: { zone: a }
            """;

        var (config, error) = NodeConfigReader.Parse(yaml, "node.yaml");

        error.ShouldBeNull();
        config!.Node.ShouldBe("gpu-centre-1");
        config.CpuMillis.ShouldBe(16_000);
        config.MemoryMiB.ShouldBe(128 * 1024);
        config.Accelerators.ShouldBe([new DeclaredAccelerator("A100-80G", 8, 80 * 1024)]);
        config.Extended["dpu"].ShouldBe(1);
        config.Labels["zone"].ShouldBe("a");
    }

    [Fact]
    public void Parse_MillicoresAndNoAcceleratorsKey_LeavesAcceleratorsToDetection()
    {
        var (config, error) = NodeConfigReader.Parse("cpu: 500m\n", "node.yaml");

        error.ShouldBeNull();
        config!.CpuMillis.ShouldBe(500);
        config.Accelerators.ShouldBeNull();
        config.Node.ShouldBeNull();
    }

    [Fact]
    public void Parse_EmptyFile_IsAllDefaults()
    {
        var (config, error) = NodeConfigReader.Parse("", "node.yaml");

        error.ShouldBeNull();
        config.ShouldBe(NodeConfig.Empty);
    }

    [Fact]
    public void Parse_BadMemory_NamesTheFileAndTheKey()
    {
        var (config, error) = NodeConfigReader.Parse("memory: lots\n", "/etc/onepool/node.yaml");

        config.ShouldBeNull();
        error.ShouldStartWith("node config /etc/onepool/node.yaml: key 'memory': 'lots' is not a memory size");
    }

    [Theory]
    [InlineData("colour: blue\n", "key 'colour': unknown key")]
    [InlineData("cpu: many\n", "key 'cpu':")]
    [InlineData("node: 'bad name'\n", "key 'node':")]
    [InlineData("accelerators:\n  - count: 2\n", "key 'accelerators[0].model': is required")]
    [InlineData("accelerators:\n  - model: T4\n    count: 0\n", "key 'accelerators[0].count':")]
    [InlineData("extended: { dpu: -1 }\n", "key 'extended.dpu':")]
    [InlineData("- just\n- a list\n", "must be a mapping")]
    [InlineData("cpu: [1\n", "invalid YAML at line")]
    public void Parse_BadConfig_ExplainsTheProblemInOneLine(string yaml, string expected)
    {
        var (config, error) = NodeConfigReader.Parse(yaml, "node.yaml");

        config.ShouldBeNull();
        error!.ShouldContain(expected);
        error!.ShouldNotContain('\n');
    }

    [Fact]
    public async Task ReadFileAsync_MissingFile_SaysItCannotReadIt()
    {
        var (config, error) = await NodeConfigReader.ReadFileAsync("/no/such/node.yaml", TestContext.Current.CancellationToken);

        config.ShouldBeNull();
        error.ShouldStartWith("node config /no/such/node.yaml: cannot read the file");
    }
}
