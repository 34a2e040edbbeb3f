using OnePool.Core.Importers;
using Shouldly;
using Xunit;
using static OnePool.Core.Tests.Importers.Slurm.SbatchTestScripts;

namespace OnePool.Core.Tests.Importers.Slurm;

/// <summary>NOTES.md §3: nodes, tasks, CPUs, memory and time.</summary>
public sealed class SbatchResourceMappingTests
{
    [Fact]
    public void Import_Nodes_BecomeTheGangsReplicasAndTheSlurmNodeCount()
    {
        var spec = ImportOk("--nodes=8").Spec!;

        spec.Replicas.ShouldBe(8);
        spec.Env!["SLURM_JOB_NUM_NODES"].ShouldBe("8");
        spec.Env["SLURM_NNODES"].ShouldBe("8");
    }

    [Fact]
    public void Import_NoNodes_IsOneReplicaWithANote()
    {
        var result = ImportOk("--gres=gpu:a100:8");

        result.Spec!.Replicas.ShouldBe(1);
        result.Notes.ShouldContain(n => n.Directive == "--nodes" && n.Line == 0 && n.Kind == ImportNoteKind.Mapped);
    }

    [Fact]
    public void Import_NodeRange_TakesTheMinimumWithANote()
    {
        var result = ImportOk("--nodes=2-4");

        result.Spec!.Replicas.ShouldBe(2);
        result.NoteFor("--nodes").Kind.ShouldBe(ImportNoteKind.Mapped);
    }

    [Theory]
    [InlineData("--nodes=99999999999")]
    [InlineData("--nodes=1025")]
    [InlineData("--nodes=0")]
    [InlineData("--nodes=two")]
    [InlineData("--ntasks=-1")]
    [InlineData("--cpus-per-task=99999999999999999999999")]
    public void Import_AbsurdCounts_AreLocatedErrors(string directive)
    {
        var error = SingleError(directive);

        error.Line.ShouldBe(2);
        error.Message.ShouldNotBeNullOrWhiteSpace();
    }

    [Fact]
    public void Import_TasksWithoutNodes_DeriveTheNodeCount()
    {
        var spec = ImportOk("--ntasks=16", "--ntasks-per-node=8").Spec!;

        spec.Replicas.ShouldBe(2);
        spec.Env!["SLURM_NTASKS_PER_NODE"].ShouldBe("8");
        spec.Env["SLURM_NTASKS"].ShouldBe("16");
    }

    [Fact]
    public void Import_MoreTasksThanNodesTimesTasksPerNode_IsAnError()
    {
        SingleError("--nodes=2", "--ntasks-per-node=4", "--ntasks=9").Directive.ShouldBe("--ntasks");
    }

    [Fact]
    public void Import_CpusPerTask_AreMultipliedByTasksPerNode()
    {
        var spec = ImportOk("--nodes=2", "--ntasks-per-node=4", "--cpus-per-task=6").Spec!;

        spec.Resources!.Cpu.ShouldBe("24");
        spec.Env!["SLURM_CPUS_PER_TASK"].ShouldBe("6");
    }

    [Fact]
    public void Import_NoCpuOptions_LeavesCpuToOnePoolsDefault()
    {
        ImportOk("--nodes=2").Spec!.Resources.ShouldBeNull();
    }

    [Fact]
    public void Import_CpusPerGpu_AreMultipliedByGpusPerNode()
    {
        ImportOk("--gres=gpu:h100:4", "--cpus-per-gpu=12").Spec!.Resources!.Cpu.ShouldBe("48");
    }

    [Theory]
    [InlineData("--mem=16g", "16Gi")]
    [InlineData("--mem=128G", "128Gi")]
    [InlineData("--mem=31000MB", "31000Mi")]
    [InlineData("--mem=4096", "4Gi")]
    public void Import_MemPerNode_IsMemoryPerReplica(string directive, string memory)
    {
        ImportOk(directive).Spec!.Resources!.Memory.ShouldBe(memory);
    }

    [Fact]
    public void Import_MemPerCpu_IsMultipliedByTheCpusPerNode()
    {
        ImportOk("--ntasks-per-node=2", "--cpus-per-task=4", "--mem-per-cpu=1500MB").Spec!.Resources!.Memory.ShouldBe($"{1500 * 8}Mi");
    }

    [Fact]
    public void Import_MemPerGpu_IsMultipliedByTheGpusPerNode()
    {
        ImportOk("--gpus-per-node=a100:2", "--mem-per-gpu=90G").Spec!.Resources!.Memory.ShouldBe("180Gi");
    }

    [Fact]
    public void Import_MemZero_MeansTheWholeNodeAndIsReportedUnsupported()
    {
        var result = ImportOk("--mem=0");

        result.Spec!.Resources.ShouldBeNull();
        result.NoteFor("--mem").Kind.ShouldBe(ImportNoteKind.Unsupported);
    }

    [Theory]
    [InlineData("--mem=16G", "--mem-per-cpu=1G")]
    [InlineData("--mem-per-cpu=1G", "--mem-per-gpu=1G")]
    public void Import_TwoMemoryOptions_AreAnErrorOnTheLaterOne(string first, string second)
    {
        var error = SingleError("--gres=gpu:1", first, second);

        error.Line.ShouldBe(4);
        error.Message.ShouldContain("only one of");
    }

    [Fact]
    public void Import_MemPerGpuWithoutGpus_IsAnError()
    {
        SingleError("--mem-per-gpu=10G").Directive.ShouldBe("--mem-per-gpu");
    }

    [Theory]
    [InlineData("--time=20:00", "20m")]
    [InlineData("--time=4320", "3d")]
    [InlineData("--time=3-00:00:00", "3d")]
    [InlineData("-t 04:00:00", "4h")]
    [InlineData("--time=0-00:04:00", "4m")]
    [InlineData("--time=1-12", "1d12h")]
    public void Import_Time_BecomesMaxRuntime(string directive, string maxRuntime)
    {
        ImportOk(directive).Spec!.MaxRuntime.ShouldBe(maxRuntime);
    }

    [Theory]
    [InlineData("--time=0")]
    [InlineData("--time=UNLIMITED")]
    [InlineData("--time=INFINITE")]
    public void Import_NoTimeLimit_LeavesMaxRuntimeUnset(string directive)
    {
        var result = ImportOk(directive);

        result.Spec!.MaxRuntime.ShouldBeNull();
        result.NoteFor(directive.Split('=')[0]).Kind.ShouldBe(ImportNoteKind.Honoured);
    }

    [Fact]
    public void Import_NoTime_IsNotedAsUnknownPartitionDefault()
    {
        ImportOk("--nodes=1").Notes.ShouldContain(n => n.Directive == "--time" && n.Line == 0);
    }

    [Fact]
    public void Import_BadTime_IsALocatedError()
    {
        var error = SingleError("--time=2h");

        (error.Line, error.Directive).ShouldBe((2, "--time"));
    }

    [Fact]
    public void Import_ExportedVariables_BecomeEnv()
    {
        var result = ImportOk("--export=ALL,MODE=fast,HOME");

        result.Spec!.Env!["MODE"].ShouldBe("fast");
        result.Notes.Count(n => n.Directive == "--export").ShouldBe(3);
    }

    [Fact]
    public void Import_AbsoluteChdir_IsTheWorkdir()
    {
        ImportOk("--chdir=/scratch/run").Spec!.Workdir.ShouldBe("/scratch/run");
    }

    [Fact]
    public void Import_RelativeChdir_IsUnsupported()
    {
        var result = ImportOk("-D logs");

        result.Spec!.Workdir.ShouldBeNull();
        result.NoteFor("-D").Kind.ShouldBe(ImportNoteKind.Unsupported);
    }

    [Fact]
    public void Import_Signal_IsParsedAndReported()
    {
        var result = ImportOk("--signal=B:USR1@90", "--requeue");

        result.Signal.ShouldBe(new CheckpointSignal("USR1", 90, BatchShellOnly: true));
        result.NoteFor("--signal").Message.ShouldContain("SIGTERM");
    }

    [Fact]
    public void Import_ArrayWithThrottle_DescribesTheArrayAndSaysTheThrottleIsNotEnforced()
    {
        var result = ImportOk("--array=1-72%8");

        result.Array!.Indices.Count.ShouldBe(72);
        result.Array.MaxRunning.ShouldBe(8);
        result.Notes.Where(n => n.Directive == "--array").Select(n => n.Kind).ShouldBe([ImportNoteKind.Mapped, ImportNoteKind.Unsupported]);
    }

    [Fact]
    public void Import_TooLargeArray_IsAnError()
    {
        SingleError("--array=0-5000").Directive.ShouldBe("--array");
    }
}
