using OnePool.Core.Importers;
using OnePool.Core.Importers.SkyPilot;
using Shouldly;
using Xunit;

namespace OnePool.Core.Tests.Importers.SkyPilot;

public sealed class SkyPilotTaskMappingTests
{
    [Fact]
    public void Import_NumNodes_IsTheGangSize()
    {
        SkyPilotImporter.Import("num_nodes: 4\nrun: echo\n").Spec!.Replicas.ShouldBe(4);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("2000")]
    [InlineData("two")]
    public void Import_BadNumNodes_IsALocatedError(string written)
    {
        var result = SkyPilotImporter.Import($"num_nodes: {written}\nrun: echo\n");

        result.Errors.ShouldHaveSingleItem().ShouldSatisfyAllConditions(e => e.Line.ShouldBe(1), e => e.Directive.ShouldBe("num_nodes"));
    }

    [Fact]
    public void Import_EnvWithoutValue_IsAnErrorNamingItUnlessGiven()
    {
        const string task = "envs:\n  HF_TOKEN:\nrun: echo\n";

        SkyPilotImporter.Import(task).Errors.ShouldHaveSingleItem().Message.ShouldContain("--env HF_TOKEN=VALUE");
        SkyPilotImporter.Import(task, new ImportOptions(Env: new Dictionary<string, string> { ["HF_TOKEN"] = "x" })).Spec!.Env!["HF_TOKEN"].ShouldBe("x");
    }

    [Fact]
    public void Import_SetupAndRun_RunInOrderAfterThePreamble()
    {
        var run = SkyPilotImporter.Import("setup: pip install x\nrun: python train.py\n").Spec!.Run!;

        run.IndexOf("export SKYPILOT_NODE_RANK=", StringComparison.Ordinal).ShouldBeLessThan(run.IndexOf("(\npip install x\n)", StringComparison.Ordinal));
        run.ShouldEndWith("# run:\npython train.py\n");
    }

    [Fact]
    public void Import_NoRun_IsAnError()
    {
        SkyPilotImporter.Import("setup: pip install x\n").Errors.ShouldHaveSingleItem().Directive.ShouldBe("run");
    }

    [Fact]
    public void Import_UnknownFields_GetANoteEach()
    {
        var result = SkyPilotImporter.Import("run: echo\ncolour: blue\nresources:\n  sparkle: 3\n");

        result.Notes.Where(n => n.Kind == ImportNoteKind.Unsupported).Select(n => (n.Line, n.Directive)).ShouldBe([(2, "colour"), (4, "resources.sparkle")]);
    }

    [Fact]
    public void Import_FileMounts_GetANoteEach()
    {
        var result = SkyPilotImporter.Import("file_mounts:\n  /data: s3://bucket\n  /out:\n    name: out\n    mode: MOUNT\nrun: echo\n");

        result.Notes.Where(n => n.Directive.StartsWith("file_mounts.", StringComparison.Ordinal)).Select(n => n.Line).ShouldBe([2, 3]);
    }

    [Fact]
    public void Import_ScriptReadingAVariableOnePoolDoesNotSet_SaysWhich()
    {
        var result = SkyPilotImporter.Import("run: echo $SKYPILOT_SERVE_PORT $SKYPILOT_NODE_RANK\n");

        result.Notes.ShouldContain(n => n.Message == "reads SKYPILOT_SERVE_PORT, which OnePool does not set");
    }
}
