using System.Text.Json;
using OnePool.Core.Importers.Slurm;
using OnePool.Core.Specs;
using OnePool.TestKit.Files;
using Shouldly;

namespace OnePool.Cli.Tests.Importing;

public sealed class ConvertCommandTests : IDisposable
{
    private const string Script = """
        #!/bin/bash
        #SBATCH --job-name=train --nodes=2
        #SBATCH --gres=gpu:a100:8 --time=1-00:00:00
        #SBATCH --mail-type=END
        srun python train.py
        """;

    private readonly CliHarness _cli = new();
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Convert_BatchScript_PrintsYamlThatReadsBackAsTheImportedJob()
    {
        var (exitCode, output, _) = await _cli.RunAsync("convert", Write("train.sbatch", Script));

        exitCode.ShouldBe(0);
        var (spec, error) = JobSpecReader.Read(output);
        error.ShouldBeNull();
        Json(spec!).ShouldBe(Json(SbatchImporter.Import(Script, "train.sbatch").Spec!));
        spec!.Run.ShouldBe(Script);
    }

    [Fact]
    public async Task Convert_BatchScript_PrintsEachNoteButHonouredOnesAsFileLineDirectiveMessage()
    {
        var file = Write("train.sbatch", Script);

        var (_, _, error) = await _cli.RunAsync("convert", file);

        var lines = error.TrimEnd('\n').Split('\n');
        lines.ShouldContain(l => l.StartsWith($"{file}:4: --mail-type: ", StringComparison.Ordinal));
        lines.ShouldContain(l => l.StartsWith($"{file}:5: srun: ", StringComparison.Ordinal));
        lines.ShouldNotContain(l => l.StartsWith($"{file}:2: --nodes: ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Convert_Verbose_AlsoPrintsTheHonouredNotes()
    {
        var file = Write("train.sbatch", Script);

        var (_, _, error) = await _cli.RunAsync("convert", file, "--verbose");

        error.ShouldContain($"{file}:2: --nodes: ");
    }

    [Fact]
    public async Task Convert_Json_GivesTheJobTheArrayAndEveryNote()
    {
        var text = Script.Replace("--mail-type=END", "--array=1-72%8", StringComparison.Ordinal);

        var (exitCode, output, _) = await _cli.RunAsync("convert", Write("sweep.sbatch", text), "-o", "json");

        exitCode.ShouldBe(0);
        var root = JsonDocument.Parse(output).RootElement;
        root.GetProperty("job").GetProperty("replicas").GetInt32().ShouldBe(2);
        root.GetProperty("array").GetProperty("indices").GetArrayLength().ShouldBe(72);
        root.GetProperty("array").GetProperty("maxRunning").GetInt32().ShouldBe(8);
        root.GetProperty("notes").EnumerateArray().Select(n => n.GetProperty("kind").GetString()).ShouldContain("honoured");
    }

    [Fact]
    public async Task Convert_ScriptWithPlaceholder_PrintsTheLocatedErrorAndExits2()
    {
        var file = Write("bad.sh", "#!/bin/bash\n#SBATCH -p <partition>\necho\n");

        var (exitCode, output, error) = await _cli.RunAsync("convert", file);

        exitCode.ShouldBe(2);
        output.ShouldBeEmpty();
        error.ShouldContain($"{file}:2: -p: '<partition>' is a placeholder");
    }

    [Fact]
    public async Task Convert_OnePoolSpec_IsCheckedAndPrinted()
    {
        var (exitCode, output, error) = await _cli.RunAsync("convert", Write("job.yaml", "name: x\ncommand: [\"true\"]\n"));

        (exitCode, error).ShouldBe((0, ""));
        JobSpecReader.Read(output).Spec!.Name.ShouldBe("x");
    }

    [Fact]
    public async Task Convert_UnknownFormat_IsAUsageError()
    {
        var (exitCode, _, _) = await _cli.RunAsync("convert", Write("job.yaml", "command: [x]\n"), "-o", "table");

        exitCode.ShouldBe(2);
    }

    private static string Json(JobSpec spec) => JsonSerializer.Serialize(spec, JobSpecReader.JsonOptions);

    private string Write(string name, string text)
    {
        var path = _dir.Combine(name);
        File.WriteAllText(path, text);
        return path;
    }
}
