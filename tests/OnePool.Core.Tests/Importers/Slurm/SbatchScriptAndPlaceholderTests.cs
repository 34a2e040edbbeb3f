using OnePool.Core.Importers;
using OnePool.Core.Importers.Slurm;
using Shouldly;
using Xunit;
using static OnePool.Core.Tests.Importers.Slurm.SbatchTestScripts;

namespace OnePool.Core.Tests.Importers.Slurm;

/// <summary>The script as a whole: its text, interpreter, name, and what in it needs Slurm; and template values.</summary>
public sealed class SbatchScriptAndPlaceholderTests
{
    [Fact]
    public void Import_Script_IsTheRunUnchanged()
    {
        var text = Script("--nodes=2", "--job-name=x");

        SbatchImporter.Import(text).Spec!.Run.ShouldBe(text);
    }

    [Fact]
    public void Import_ByteOrderMark_IsDroppedFromTheRun()
    {
        var text = Script("--nodes=2");

        SbatchImporter.Import("\uFEFF" + text).Spec!.Run.ShouldBe(text);
    }

    [Fact]
    public void Import_DosLineBreaks_AreALocatedError()
    {
        var error = SbatchImporter.Import("#!/bin/bash\n#SBATCH --nodes=2\r\necho hi\n").Errors.ShouldHaveSingleItem();

        error.Line.ShouldBe(2);
        error.Message.ShouldContain("dos2unix");
    }

    [Fact]
    public void Import_NulCharacter_IsALocatedError()
    {
        SbatchImporter.Import("#!/bin/bash\necho a\necho \0\n").Errors.ShouldHaveSingleItem().Line.ShouldBe(3);
    }

    [Fact]
    public void Import_TooLongScript_IsAnError()
    {
        var text = Script() + new string('#', SbatchImporter.MaxScriptLength);

        SbatchImporter.Import(text).Errors.ShouldHaveSingleItem().Message.ShouldContain("KiB");
    }

    [Theory]
    [InlineData("#!/usr/bin/env python3")]
    [InlineData("#!/bin/csh")]
    public void Import_NonBashInterpreter_IsAnError(string shebang)
    {
        var error = SbatchImporter.Import($"{shebang}\n#SBATCH --nodes=1\nprint(1)\n").Errors.ShouldHaveSingleItem();

        (error.Line, error.Directive).ShouldBe((1, "#!"));
    }

    [Theory]
    [InlineData("#!/bin/sh")]
    [InlineData("#!/usr/bin/env bash")]
    [InlineData("#!/bin/bash -l")]
    public void Import_ShellInterpreters_AreAccepted(string shebang)
    {
        SbatchImporter.Import($"{shebang}\n#SBATCH --nodes=1\necho 1\n").Succeeded.ShouldBeTrue();
    }

    [Fact]
    public void Import_NoJobName_IsNamedAfterTheFileAsSbatchDoes()
    {
        SbatchImporter.Import(Script("--nodes=1"), "/home/me/train.sbatch").Spec!.Name.ShouldBe("train.sbatch");
    }

    [Fact]
    public void Import_JobNameWithCharactersOnePoolRefuses_IsMadeSafeWithANote()
    {
        var result = ImportOk("--job-name=\"my job/1\"");

        result.Spec!.Name.ShouldBe("my-job-1");
        result.NoteFor("--job-name").Kind.ShouldBe(ImportNoteKind.Mapped);
    }

    [Fact]
    public void Import_SlurmVariablesOnePoolSets_AreNotReportedButOthersAre()
    {
        var text = Script("--nodes=2") + "echo $SLURM_NNODES ${SLURM_JOB_ID}\n";

        var note = SbatchImporter.Import(text).Notes.Single(n => n.Directive == "$SLURM_*");

        note.Message.ShouldContain("SLURM_JOB_ID (use ONEPOOL_JOB_ID)");
        note.Message.ShouldNotContain("SLURM_NNODES");
    }

    [Fact]
    public void Import_SrunInCommandPositionOnly_IsReported()
    {
        var text = Script() + "echo \"usage: sbatch this\"\nhost=$(srun hostname)\n";

        var result = SbatchImporter.Import(text);

        result.Notes.Where(n => n.Directive is "srun" or "sbatch").ShouldHaveSingleItem().Directive.ShouldBe("srun");
    }

    [Theory]
    [InlineData("--nodes=your_own_num_nodes", "--nodes")]
    [InlineData("--partition=PARTITION", "--partition")]
    [InlineData("--gres=gpu:your_own_gpu_per_node", "--gres")]
    [InlineData("--job-name=${NAME}", "--job-name")]
    [InlineData("--time=$TIME", "--time")]
    [InlineData("--nodes=N", "--nodes")]
    public void Import_PlaceholderInAValueOnePoolUses_IsALocatedError(string directive, string written)
    {
        var error = Import("--ntasks=1", directive).Errors.ShouldHaveSingleItem();
        (error.Line, error.Directive).ShouldBe((3, written));
        error.Message.ShouldContain("fill it in");
    }

    [Fact]
    public void Import_PlaceholderInAValueOnePoolDropsAnyway_IsReportedWithoutStoppingTheImport()
    {
        var result = ImportOk("-A <account>");

        result.NoteFor("-A").Message.ShouldContain("placeholder");
        result.Spec!.Labels.ShouldBeNull();
    }

    [Fact]
    public void Import_EmptyText_IsAnError()
    {
        SbatchImporter.Import("  \n").Succeeded.ShouldBeFalse();
    }
}
