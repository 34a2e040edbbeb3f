using OnePool.Core.Specs;
using Shouldly;
using Xunit;

namespace OnePool.Core.Tests.Specs;

public sealed class JobSpecValidatorTests
{
    [Fact]
    public void Validate_MinimalSpec_UsesTheDocumentedDefaults()
    {
        var (req, errors) = JobSpecValidator.Validate(new JobSpec { Run = "echo hi" });

        errors.ShouldBeEmpty();
        req!.Replicas.ShouldBe(1);
        req.CpuMillis.ShouldBe(1000);
        req.MemoryMiB.ShouldBe(1024);
        req.Accelerators.ShouldBeEmpty();
    }

    [Fact]
    public void Validate_NoCommandAndNoRun_NamesCommand()
    {
        var (req, errors) = JobSpecValidator.Validate(new JobSpec());

        req.ShouldBeNull();
        errors.ShouldContain(e => e.Field == "command");
    }

    [Fact]
    public void Validate_BothCommandAndRun_IsRefused()
    {
        var (_, errors) = JobSpecValidator.Validate(new JobSpec { Run = "x", Command = ["y"] });

        errors.ShouldContain(e => e.Field == "run");
    }

    [Theory]
    [InlineData("12Q", "resources.memory")]
    [InlineData("-1Gi", "resources.memory")]
    [InlineData("NaN", "resources.memory")]
    public void Validate_BadMemory_NamesTheField(string memory, string field)
    {
        var (_, errors) = JobSpecValidator.Validate(new JobSpec { Run = "x", Resources = new ResourceSpec { Memory = memory } });

        errors.ShouldContain(e => e.Field == field);
    }

    [Theory]
    [InlineData("A100:0")]
    [InlineData("A100:x")]
    [InlineData("A 100:1")]
    [InlineData(":4")]
    [InlineData("A100:1:2")]
    public void Validate_BadAccelerator_NamesTheField(string accelerator)
    {
        var (_, errors) = JobSpecValidator.Validate(new JobSpec { Run = "x", Resources = new ResourceSpec { Accelerators = [accelerator] } });

        errors.ShouldContain(e => e.Field == "resources.accelerators");
    }

    [Fact]
    public void Validate_Alternatives_KeepTheirOrder()
    {
        var (req, _) = JobSpecValidator.Validate(new JobSpec { Run = "x", Resources = new ResourceSpec { Accelerators = ["H100:8", "A100-80G:8"] } });

        req!.Accelerators.Select(a => a.ToString()).ShouldBe(["H100:8", "A100-80G:8"]);
    }

    [Fact]
    public void Validate_ReservedEnvName_IsRefused()
    {
        var (_, errors) = JobSpecValidator.Validate(new JobSpec { Run = "x", Env = new Dictionary<string, string> { ["ONEPOOL_JOB_ID"] = "1" } });

        errors.ShouldContain(e => e.Field == "env.ONEPOOL_JOB_ID");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1025)]
    public void Validate_ReplicasOutOfRange_IsRefused(int replicas)
    {
        var (_, errors) = JobSpecValidator.Validate(new JobSpec { Run = "x", Replicas = replicas });

        errors.ShouldContain(e => e.Field == "replicas");
    }

    [Fact]
    public void Validate_BadMaxRuntime_NamesTheField()
    {
        var (_, errors) = JobSpecValidator.Validate(new JobSpec { Run = "x", MaxRuntime = "soon" });

        errors.ShouldContain(e => e.Field == "maxRuntime");
    }

    [Fact]
    public void Describe_Gang_ShowsReplicasAndResources()
    {
        var (req, _) = JobSpecValidator.Validate(new JobSpec
        {
            Run = "x", Replicas = 2, Resources = new ResourceSpec { Cpu = "4", Memory = "16Gi", Accelerators = ["A100-80G:8"] },
        });

        req!.Describe().ShouldBe("2 x (4 cpu, 16Gi, A100-80G:8)");
    }
}
