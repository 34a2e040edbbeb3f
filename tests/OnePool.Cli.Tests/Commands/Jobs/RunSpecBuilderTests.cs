using OnePool.Cli.Commands;
using OnePool.Cli.Commands.Jobs;
using Shouldly;

namespace OnePool.Cli.Tests.Commands.Jobs;

public sealed class RunSpecBuilderTests
{
    [Fact]
    public void Build_TwoGpusOptions_GivesTwoAlternativesInOrder()
    {
        var spec = RunSpecBuilder.Build(Request(gpus: ["T4:1", "A100-80G:1"]));

        spec.Resources!.Accelerators.ShouldBe(["T4:1", "A100-80G:1"]);
    }

    [Fact]
    public void Build_CommaSeparatedGpus_AreAlternativesToo() =>
        RunSpecBuilder.Build(Request(gpus: ["T4:1,A100-80G:1"])).Resources!.Accelerators.ShouldBe(["T4:1", "A100-80G:1"]);

    [Fact]
    public void Build_Sites_BecomeTheSiteConstraint() =>
        RunSpecBuilder.Build(Request() with { Sites = ["hpc", "edge"] }).Constraints!.Sites.ShouldBe(["hpc", "edge"]);

    [Fact]
    public void Build_UnknownOptionBeforeTheCommand_IsRefusedNotRun()
    {
        var error = Should.Throw<UsageException>(() => RunSpecBuilder.Build(Request(command: ["--partition", "hpc", "hostname"])));

        error.Message.ShouldStartWith("unknown option --partition; put the command after `--`");
    }

    [Fact]
    public void Build_NoGpus_LeavesAcceleratorsUnset() =>
        RunSpecBuilder.Build(Request()).Resources!.Accelerators.ShouldBeNull();

    [Fact]
    public void Build_Defaults_NameIsProgramFileNameAndCommandIsVerbatim()
    {
        var spec = RunSpecBuilder.Build(Request(command: ["/usr/bin/nvidia-smi", "-L", "a b"]));

        spec.Name.ShouldBe("nvidia-smi");
        spec.Command.ShouldBe(["/usr/bin/nvidia-smi", "-L", "a b"]);
    }

    [Theory]
    [InlineData("./train.py", "train.py")]
    [InlineData("python3", "python3")]
    [InlineData("my prog!", "my-prog-")]
    [InlineData("/", "job")]
    public void DefaultName_Program_IsAValidJobName(string program, string expected) =>
        RunSpecBuilder.DefaultName(program).ShouldBe(expected);

    [Fact]
    public void Build_Resources_AreCopied()
    {
        var spec = RunSpecBuilder.Build(Request() with { Cpu = "2", Memory = "8Gi", Replicas = 2, MaxRuntime = "30m", Tenant = "vision" });

        (spec.Resources!.Cpu, spec.Resources.Memory, spec.Replicas, spec.MaxRuntime, spec.Tenant).ShouldBe(("2", "8Gi", 2, "30m", "vision"));
    }

    [Fact]
    public void ParseEnv_Pairs_SplitAtFirstEquals()
    {
        var env = RunSpecBuilder.ParseEnv(["A=1", "URL=http://x?a=b", "EMPTY="]);

        env.ShouldBe(new Dictionary<string, string> { ["A"] = "1", ["URL"] = "http://x?a=b", ["EMPTY"] = "" });
    }

    [Fact]
    public void ParseEnv_None_IsNull() => RunSpecBuilder.ParseEnv([]).ShouldBeNull();

    [Theory]
    [InlineData("NOVALUE", "--env: 'NOVALUE' must be NAME=VALUE")]
    [InlineData("=x", "--env: '=x' must be NAME=VALUE")]
    public void ParseEnv_Malformed_ThrowsUsage(string pair, string message) =>
        Should.Throw<UsageException>(() => RunSpecBuilder.ParseEnv([pair])).Message.ShouldBe(message);

    [Fact]
    public void ParseEnv_NameTwice_ThrowsUsage() =>
        Should.Throw<UsageException>(() => RunSpecBuilder.ParseEnv(["A=1", "A=2"])).Message.ShouldBe("--env: A is given twice");

    [Fact]
    public void Build_InvalidValues_NameTheOptionsAtFault()
    {
        var error = Should.Throw<UsageException>(() => RunSpecBuilder.Build(Request(gpus: ["T4:x"], env: ["1BAD=v"]) with { Memory = "12Q" }));

        error.Message.ShouldContain("--gpus: ");
        error.Message.ShouldContain("--memory: '12Q' is not a memory size");
        error.Message.ShouldContain("--env 1BAD: is not a valid environment variable name");
    }

    [Fact]
    public void Build_NoCommand_ThrowsUsageWithExample() =>
        Should.Throw<UsageException>(() => RunSpecBuilder.Build(Request(command: []))).Message.ShouldContain("after `--`");

    private static RunRequest Request(string[]? command = null, string[]? gpus = null, string[]? env = null) =>
        new(command ?? ["nvidia-smi"], gpus ?? [], Env: env ?? []);
}
