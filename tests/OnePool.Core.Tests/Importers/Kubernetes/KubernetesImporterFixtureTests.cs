using OnePool.Core.Importers;
using OnePool.Core.Specs;
using Shouldly;
using Xunit;

namespace OnePool.Core.Tests.Importers.Kubernetes;

/// <summary>The public example manifests (fixtures/, copied verbatim from /work/shared/examples/jobspecs; sources and
/// licences in fixtures/README.md), each detected and imported against its reviewed <c>.approved.txt</c>.</summary>
public sealed class KubernetesImporterFixtureTests
{
    public static TheoryData<string> Manifests() => new(Directory.GetFiles(ApprovedFile.Fixtures(), "*.yaml")
        .Select(Path.GetFileName).Order(StringComparer.Ordinal)!);

    [Fact]
    public void Fixtures_AreAllFourExampleManifests()
    {
        Manifests().Count.ShouldBe(4);
    }

    [Theory]
    [MemberData(nameof(Manifests))]
    public void Import_ExampleManifest_MatchesItsApprovedOutput(string name)
    {
        var path = Path.Combine(ApprovedFile.Fixtures(), name);
        var text = File.ReadAllText(path);

        var result = JobFileImporter.Import(JobFileDetector.Detect(text, name), text, new ImportOptions(name));

        ApprovedFile.Verify(ImportRendering.Render(result, scriptInFull: true), path + ".approved.txt");
    }

    [Theory]
    [InlineData("training-operator__pytorch_job_mnist_nccl.yaml", JobFileFormat.PyTorchJob)]
    [InlineData("training-operator__elastic_imagenet.yaml", JobFileFormat.PyTorchJob)]
    [InlineData("volcano__mindspore-gpu.yaml", JobFileFormat.VolcanoJob)]
    [InlineData("volcano__job.yaml", JobFileFormat.VolcanoJob)]
    public void Detect_ExampleManifest_FindsItsKind(string name, JobFileFormat format)
    {
        JobFileDetector.Detect(File.ReadAllText(Path.Combine(ApprovedFile.Fixtures(), name)), name).ShouldBe(format);
    }

    [Theory]
    [MemberData(nameof(Manifests))]
    public void Import_ExampleManifest_GivesAValidJobOrLocatedErrors(string name)
    {
        var text = File.ReadAllText(Path.Combine(ApprovedFile.Fixtures(), name));

        var result = JobFileImporter.Import(JobFileDetector.Detect(text, name), text);

        if (result.Succeeded)
        {
            JobSpecValidator.Validate(result.Spec!).Errors.ShouldBeEmpty();
        }
        else
        {
            result.Errors.ShouldAllBe(e => e.Line > 0 && e.Message.Length > 0);
        }
    }
}
