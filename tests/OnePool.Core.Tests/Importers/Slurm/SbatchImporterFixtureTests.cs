using OnePool.Core.Importers.Slurm;
using OnePool.Core.Specs;
using Shouldly;
using Xunit;

namespace OnePool.Core.Tests.Importers.Slurm;

/// <summary>The public example scripts (fixtures/, copied verbatim from /work/shared/examples/jobspecs; sources and
/// licences in fixtures/README.md), each against its reviewed <c>.approved.txt</c>.</summary>
public sealed class SbatchImporterFixtureTests
{
    public static TheoryData<string> Scripts() => new(Directory.GetFiles(ApprovedFile.Fixtures())
        .Where(f => f.EndsWith(".sh", StringComparison.Ordinal) || f.EndsWith(".slurm", StringComparison.Ordinal) || f.EndsWith(".sbatch", StringComparison.Ordinal))
        .Select(Path.GetFileName).Order(StringComparer.Ordinal)!);

    [Fact]
    public void Fixtures_AreAllEightExampleScripts()
    {
        Scripts().Count.ShouldBe(8);
    }

    [Theory]
    [MemberData(nameof(Scripts))]
    public void Import_ExampleScript_MatchesItsApprovedOutput(string name)
    {
        var path = Path.Combine(ApprovedFile.Fixtures(), name);

        var result = SbatchImporter.Import(File.ReadAllText(path), name);

        ApprovedFile.Verify(ImportRendering.Render(result), path + ".approved.txt");
    }

    [Theory]
    [MemberData(nameof(Scripts))]
    public void Import_ExampleScript_RunsTheScriptUnchangedAsAValidJob(string name)
    {
        var text = File.ReadAllText(Path.Combine(ApprovedFile.Fixtures(), name));

        var result = SbatchImporter.Import(text, name);

        if (result.Succeeded)
        {
            result.Spec!.Run.ShouldBe(text);
            JobSpecValidator.Validate(result.Spec).Errors.ShouldBeEmpty();
        }
        else
        {
            result.Errors.ShouldAllBe(e => e.Line > 0 && e.Message.Length > 0);
        }
    }
}
