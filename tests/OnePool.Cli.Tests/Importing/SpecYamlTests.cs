using System.Runtime.CompilerServices;
using System.Text.Json;
using OnePool.Cli.Commands.Jobs.Import;
using OnePool.Core.Importers.Slurm;
using OnePool.Core.Specs;
using Shouldly;

namespace OnePool.Cli.Tests.Importing;

public sealed class SpecYamlTests
{
    public static TheoryData<string> Fixtures() => new(Directory.GetFiles(FixtureFolder())
        .Where(f => !f.EndsWith(".txt", StringComparison.Ordinal) && !f.EndsWith(".md", StringComparison.Ordinal) && !Path.GetFileName(f).StartsWith('.')));

    [Fact]
    public void Write_AwkwardValues_ReadBackUnchanged()
    {
        var spec = new JobSpec
        {
            Name = "123",
            Run = "  starts indented\n\ttab\ntrailing spaces   \n# comment: with colon\n\n\n",
            Env = new Dictionary<string, string> { ["A"] = "8", ["B"] = "true", ["C"] = "", ["D"] = "~", ["E"] = "x: y", ["F"] = "- item", ["G"] = "1e3", ["H"] = "\"q\"" },
            Labels = new Dictionary<string, string> { ["slurm.account"] = "six@a100", ["slurm.constraint"] = "a100|h100", ["k"] = "%x-%j" },
            MaxRuntime = "4d4h",
            Resources = new ResourceSpec { Cpu = "96", Memory = "31000Mi", Accelerators = ["A100-80G:8", "H100:8"] },
        };

        RoundTrips(spec);
    }

    [Fact]
    public void Write_ScriptWithoutFinalNewline_ReadsBackUnchanged()
    {
        RoundTrips(new JobSpec { Run = "echo a\necho b" });
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Write_EveryImportedExample_ReadsBackUnchanged(string path)
    {
        var result = SbatchImporter.Import(File.ReadAllText(path), Path.GetFileName(path));

        if (result.Spec is { } spec)
        {
            RoundTrips(spec);
        }
    }

    private static void RoundTrips(JobSpec spec)
    {
        var yaml = SpecYaml.Write(spec);

        var (back, error) = JobSpecReader.Read(yaml);

        error.ShouldBeNull(yaml);
        JsonSerializer.Serialize(back, JobSpecReader.JsonOptions).ShouldBe(JsonSerializer.Serialize(spec, JobSpecReader.JsonOptions), yaml);
    }

    private static string FixtureFolder([CallerFilePath] string file = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(file)!, "..", "..", "OnePool.Core.Tests", "Importers", "Slurm", "fixtures"));
}
