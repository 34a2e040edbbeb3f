using OnePool.Core.Importers;
using OnePool.Core.Importers.Slurm;
using Shouldly;
using Xunit;
using static OnePool.Core.Tests.Importers.Slurm.SbatchTestScripts;

namespace OnePool.Core.Tests.Importers.Slurm;

/// <summary>NOTES.md §2: which lines are directives and how a line splits into options.</summary>
public sealed class SbatchDirectiveParsingTests
{
    [Fact]
    public void Import_SeveralOptionsOnOneLine_ReadsEachWithItsLine()
    {
        var result = ImportOk("--job-name=a", "--nodes=2 --ntasks-per-node=8 --gpus-per-node=h100:8");

        result.Spec!.Replicas.ShouldBe(2);
        result.Spec.Resources!.Accelerators.ShouldBe(["H100:8"]);
        result.Notes.Where(n => n.Line == 3).Select(n => n.Directive).ShouldBe(["--nodes", "--ntasks-per-node", "--gpus-per-node"]);
    }

    [Fact]
    public void Import_ValueAfterASpace_IsTheOptionsValue()
    {
        var result = ImportOk("--time 100:00:00", "--job-name  spaced");

        result.Spec!.MaxRuntime.ShouldBe("4d4h");
        result.Spec.Name.ShouldBe("spaced");
    }

    [Theory]
    [InlineData("-N 3")]
    [InlineData("-N3")]
    [InlineData("--nodes=3")]
    [InlineData("--nodes 3")]
    public void Import_ShortLongAndAbbreviatedForms_MeanTheSame(string directive)
    {
        ImportOk(directive).Spec!.Replicas.ShouldBe(3);
    }

    [Fact]
    public void Import_ShortForms_AllResolve()
    {
        var result = ImportOk("-J short -t 30 -c 4 -n 2 -p part -A acct -q normal -C a100 -o out.txt -e err.txt -G 2");

        result.Spec!.Name.ShouldBe("short");
        result.Spec.MaxRuntime.ShouldBe("30m");
        result.Spec.Resources!.Cpu.ShouldBe("8");
        result.Spec.Resources.Accelerators.ShouldBe(["A100-80G:2"]);
        result.Spec.Labels!["slurm.partition"].ShouldBe("part");
        result.Spec.Labels["slurm.account"].ShouldBe("acct");
        result.Spec.Labels["slurm.qos"].ShouldBe("normal");
        result.Notes.ShouldContain(n => n.Directive == "-o" && n.Kind == ImportNoteKind.Mapped);
    }

    [Fact]
    public void Import_UniqueAbbreviation_ResolvesToTheFullOption()
    {
        var note = ImportOk("--err=x.err").NoteFor("--err");

        note.Message.ShouldContain("stdout and stderr together");
    }

    [Fact]
    public void Import_AmbiguousAbbreviation_IsALocatedErrorNamingTheCandidates()
    {
        var error = SingleError("--gpu=2");

        error.Line.ShouldBe(2);
        error.Message.ShouldContain("--gpus-per-node");
        error.Message.ShouldContain("ambiguous");
    }

    [Fact]
    public void Import_TrailingComment_IsStripped()
    {
        var result = ImportOk("--job-name=named   # the name", "--nodes=2 # two nodes");

        result.Spec!.Name.ShouldBe("named");
        result.Spec.Replicas.ShouldBe(2);
    }

    [Fact]
    public void Import_HashInsideAValue_IsKept()
    {
        ImportOk("--account=six#a100").Spec!.Labels!["slurm.account"].ShouldBe("six#a100");
    }

    [Fact]
    public void Import_QuotedValue_KeepsItsSpacesWithoutQuotes()
    {
        ImportOk("--export=\"GREETING=hello world\"").Spec!.Env!["GREETING"].ShouldBe("hello world");
    }

    [Fact]
    public void Import_UnclosedQuote_IsALocatedError()
    {
        SingleError("--job-name=\"open").Line.ShouldBe(2);
    }

    [Theory]
    [InlineData("##SBATCH --nodes=5")]
    [InlineData("# SBATCH --nodes=5")]
    [InlineData("#SBATCHX --nodes=5")]
    public void Import_DisabledDirectives_AreComments(string line)
    {
        var result = SbatchImporter.Import($"#!/bin/bash\n{line}\necho hi\n");

        result.Spec!.Replicas.ShouldBe(1);
        result.Notes.ShouldNotContain(n => n.Line == 2);
    }

    [Fact]
    public void Import_DirectiveAfterTheFirstCommand_IsIgnoredWithANote()
    {
        var result = SbatchImporter.Import("#!/bin/bash\n#SBATCH --nodes=2\n\n# comment\necho hi\n#SBATCH --nodes=5\n");

        result.Spec!.Replicas.ShouldBe(2);
        var note = result.Notes.Single(n => n.Line == 6);
        note.Kind.ShouldBe(ImportNoteKind.Ignored);
        note.Message.ShouldContain("after the first command");
    }

    [Fact]
    public void Import_CommentsAndBlankLinesBetweenDirectives_KeepTheHeaderOpen()
    {
        var result = SbatchImporter.Import("# leading comment\n#!/bin/bash\n\n#SBATCH --nodes=2\n\n# note\n#SBATCH --time=10\nsrun x\n");

        result.Spec!.Replicas.ShouldBe(2);
        result.Spec.MaxRuntime.ShouldBe("10m");
    }

    [Fact]
    public void Import_RepeatedOption_TheLastCountsAndTheEarlierIsNoted()
    {
        var result = ImportOk("--nodes=2", "--nodes=4");

        result.Spec!.Replicas.ShouldBe(4);
        var earlier = result.Notes.Single(n => n.Line == 2);
        earlier.Kind.ShouldBe(ImportNoteKind.Ignored);
        earlier.Message.ShouldContain("line 3");
    }

    [Fact]
    public void Import_UnknownOption_IsReportedAndTheImportGoesOn()
    {
        var result = ImportOk("--quotatype=spot", "--nodes=2");

        result.NoteFor("--quotatype").Kind.ShouldBe(ImportNoteKind.Unsupported);
        result.Spec!.Replicas.ShouldBe(2);
    }

    [Fact]
    public void Import_WordThatIsNotAnOption_IsAnError()
    {
        SingleError("nodes=2").Directive.ShouldBe("nodes=2");
    }

    [Fact]
    public void Import_FlagGivenAValue_IsAnError()
    {
        SingleError("--requeue=yes").Directive.ShouldBe("--requeue");
    }

    [Fact]
    public void Import_OptionWithoutItsValue_IsAnError()
    {
        SingleError("--time").Message.ShouldContain("needs a value");
    }

    [Theory]
    [InlineData("--mail-type=END", ImportNoteKind.Ignored)]
    [InlineData("--mail-user=me@example.org", ImportNoteKind.Ignored)]
    [InlineData("--hint=nomultithread", ImportNoteKind.Ignored)]
    [InlineData("--open-mode=append", ImportNoteKind.Ignored)]
    [InlineData("--exclusive", ImportNoteKind.Unsupported)]
    [InlineData("--dependency=singleton", ImportNoteKind.Unsupported)]
    [InlineData("--reservation=hug", ImportNoteKind.Unsupported)]
    [InlineData("--exclude=node1,node2", ImportNoteKind.Unsupported)]
    [InlineData("--no-requeue", ImportNoteKind.Unsupported)]
    [InlineData("--requeue", ImportNoteKind.Mapped)]
    [InlineData("--account=six", ImportNoteKind.Ignored)]
    [InlineData("--qos=high", ImportNoteKind.Ignored)]
    [InlineData("--partition=gpu", ImportNoteKind.Mapped)]
    public void Import_OptionsOnePoolDoesNotMap_GetOneNoteEach(string directive, ImportNoteKind kind)
    {
        var result = ImportOk(directive);

        var note = result.Notes.Where(n => n.Line == 2).ShouldHaveSingleItem();
        note.Kind.ShouldBe(kind);
        note.Message.ShouldNotBeNullOrWhiteSpace();
    }
}
