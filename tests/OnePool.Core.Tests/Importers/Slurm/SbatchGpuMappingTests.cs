using OnePool.Core.Importers;
using OnePool.Core.Importers.Slurm;
using Shouldly;
using Xunit;
using static OnePool.Core.Tests.Importers.Slurm.SbatchTestScripts;

namespace OnePool.Core.Tests.Importers.Slurm;

/// <summary>NOTES.md §3: how many GPUs per node, and which models.</summary>
public sealed class SbatchGpuMappingTests
{
    [Theory]
    [InlineData("--gres=gpu:a100:8", "A100-80G:8")]
    [InlineData("--gres=gpu:h100:4(S:0-1)", "H100:4")]
    [InlineData("--gres=gpu:NVIDIA_L40S:1", "L40S:1")]
    [InlineData("--gres=gpu:v100", "V100:1")]
    [InlineData("--gpus-per-node=t4:2", "T4:2")]
    [InlineData("--gpus-per-node=a800:8", "A800:8")]
    public void Import_TypedGpusPerNode_AskForTheMappedModel(string directive, string accelerator)
    {
        var result = ImportOk(directive);

        result.Spec!.Resources!.Accelerators.ShouldBe([accelerator]);
        result.Spec.Env!["SLURM_GPUS_ON_NODE"].ShouldBe(accelerator.Split(':')[1]);
        result.Notes.Single(n => n.Line == 2).Kind.ShouldBe(ImportNoteKind.Honoured);
    }

    [Fact]
    public void Import_UntypedGres_AsksForAnyCommonModelWithANote()
    {
        var result = ImportOk("--gres=gpu:8");

        result.Spec!.Resources!.Accelerators.ShouldBe(GpuTypeTable.AnyGpu.Select(m => $"{m}:8"));
        result.NoteFor("--gres").Kind.ShouldBe(ImportNoteKind.Mapped);
    }

    [Fact]
    public void Import_UntypedGresWithGpuConstraint_AsksForTheConstraintsModels()
    {
        var result = ImportOk("--gres=gpu:4", "--constraint=a100|h100");

        result.Spec!.Resources!.Accelerators.ShouldBe(["A100-80G:4", "H100:4"]);
        result.Spec.Labels!["slurm.constraint"].ShouldBe("a100|h100");
    }

    [Fact]
    public void Import_TypedGresWithOtherConstraint_TheRequestsTypeWins()
    {
        ImportOk("--gres=gpu:v100:2", "-C h100").Spec!.Resources!.Accelerators.ShouldBe(["V100:2"]);
    }

    [Fact]
    public void Import_GpusPerTask_AreMultipliedByTasksPerNode()
    {
        // torchtitan: 4 nodes, 4 tasks (so 1 per node), 8 GPUs per task => 8 per node, 32 in all.
        var spec = ImportOk("--ntasks=4", "--nodes=4", "--gpus-per-task=8").Spec!;

        spec.Replicas.ShouldBe(4);
        spec.Resources!.Accelerators!.ShouldAllBe(a => a.EndsWith(":8", StringComparison.Ordinal));
    }

    [Fact]
    public void Import_GpusPerTaskWithSeveralTasksPerNode_Multiply()
    {
        ImportOk("--ntasks-per-node=4", "--gpus-per-task=h100:2").Spec!.Resources!.Accelerators.ShouldBe(["H100:8"]);
    }

    [Fact]
    public void Import_TotalGpus_AreSpreadEvenlyOverTheNodes()
    {
        ImportOk("--nodes=2", "--gpus=a100:16").Spec!.Resources!.Accelerators.ShouldBe(["A100-80G:8"]);
    }

    [Fact]
    public void Import_TotalGpusNotDivisibleByNodes_IsAnError()
    {
        var error = SingleError("--nodes=2", "-G 5");

        (error.Line, error.Directive).ShouldBe((3, "-G"));
        error.Message.ShouldContain("--gpus-per-node");
    }

    [Fact]
    public void Import_GresAndGpusPerNodeAgreeing_AreOneRequest()
    {
        ImportOk("--gres=gpu:a100:8", "--gpus-per-node=8").Spec!.Resources!.Accelerators.ShouldBe(["A100-80G:8"]);
    }

    [Fact]
    public void Import_GpuCountsDisagreeing_IsAnError()
    {
        SingleError("--gres=gpu:8", "--gpus-per-node=4").Line.ShouldBe(3);
    }

    [Fact]
    public void Import_GpuTypesDisagreeing_IsAnError()
    {
        SingleError("--gres=gpu:a100:8", "--gpus-per-node=h100:8").Line.ShouldBe(3);
    }

    [Fact]
    public void Import_MoreThan64GpusPerNode_IsAnError()
    {
        SingleError("--gpus-per-node=65").Message.ShouldContain("64");
    }

    [Fact]
    public void Import_UnknownGpuType_IsAskedForByItsNameWithANote()
    {
        var result = ImportOk("--gres=gpu:rtx_a6000:2");

        result.Spec!.Resources!.Accelerators.ShouldBe(["rtx_a6000:2"]);
        result.NoteFor("--gres").Kind.ShouldBe(ImportNoteKind.Mapped);
    }

    [Fact]
    public void Import_SeveralGpuTypesInOneRequest_IsAnError()
    {
        SingleError("--gpus=a100:2,v100:1").Directive.ShouldBe("--gpus");
    }

    [Fact]
    public void Import_OtherGenericResource_IsUnsupportedButTheGpusStay()
    {
        var result = ImportOk("--gres=gpu:t4:1,nvme:1");

        result.Spec!.Resources!.Accelerators.ShouldBe(["T4:1"]);
        result.Notes.ShouldContain(n => n.Directive == "--gres" && n.Kind == ImportNoteKind.Unsupported);
    }

    [Fact]
    public void Import_ZeroGpus_AsksForNone()
    {
        var spec = ImportOk("--gres=gpu:0").Spec!;

        spec.Resources.ShouldBeNull();
        spec.Env!.ShouldNotContainKey("SLURM_GPUS_ON_NODE");
    }

    [Fact]
    public void Import_GpuConstraintWithoutGpus_IsUnsupported()
    {
        var result = ImportOk("--constraint=a100");

        result.Spec!.Resources.ShouldBeNull();
        result.NoteFor("--constraint").Kind.ShouldBe(ImportNoteKind.Unsupported);
    }
}
