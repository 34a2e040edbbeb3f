using OnePool.Core.Importers;
using OnePool.Core.Importers.SkyPilot;
using OnePool.Core.Specs;
using Shouldly;
using Xunit;

namespace OnePool.Core.Tests.Importers.SkyPilot;

/// <summary>The public example tasks (fixtures/, copied verbatim from /work/shared/examples/jobspecs; sources and
/// licences in fixtures/README.md), each against its reviewed <c>.approved.txt</c>. The values their <c>envs</c>
/// leave empty are given as <c>onepool submit --env</c> would.</summary>
public sealed class SkyPilotImporterFixtureTests
{
    private static readonly ImportOptions Supplied = new(Env: new Dictionary<string, string>
    {
        ["HF_TOKEN"] = "hf_from_the_command_line", ["BUCKET"] = "my-bucket",
    });

    public static TheoryData<string> Tasks() => new(Directory.GetFiles(ApprovedFile.Fixtures(), "*.yaml")
        .Select(Path.GetFileName).Order(StringComparer.Ordinal)!);

    [Fact]
    public void Fixtures_AreAllEightExampleTasks()
    {
        Tasks().Count.ShouldBe(8);
    }

    [Theory]
    [MemberData(nameof(Tasks))]
    public void Import_ExampleTask_MatchesItsApprovedOutput(string name)
    {
        var path = Path.Combine(ApprovedFile.Fixtures(), name);

        var result = SkyPilotImporter.Import(File.ReadAllText(path), Supplied with { FileName = name });

        ApprovedFile.Verify(ImportRendering.Render(result, scriptInFull: true), path + ".approved.txt");
    }

    [Theory]
    [MemberData(nameof(Tasks))]
    public void Import_ExampleTask_GivesAValidJobOrLocatedErrors(string name)
    {
        var result = SkyPilotImporter.Import(File.ReadAllText(Path.Combine(ApprovedFile.Fixtures(), name)), Supplied);

        if (result.Succeeded)
        {
            JobSpecValidator.Validate(result.Spec!).Errors.ShouldBeEmpty();
        }
        else
        {
            result.Errors.ShouldAllBe(e => e.Line > 0 && e.Message.Length > 0);
        }
    }

    [Fact]
    public void Import_AxolotlWithItsStrayLine_IsRefusedAtThatLineAndColumn()
    {
        var result = SkyPilotImporter.Import(File.ReadAllText(Path.Combine(ApprovedFile.Fixtures(), "skypilot__axolotl-spot.yaml")), Supplied);

        var error = result.Errors.ShouldHaveSingleItem();
        error.Line.ShouldBe(33);
        error.Message.ShouldStartWith("invalid YAML at line 33, column 1: ");
    }
}
