using System.Net;
using System.Text.Json;
using OnePool.Cli.Commands.Jobs;
using OnePool.Core.Specs;
using OnePool.TestKit.Files;
using Shouldly;

namespace OnePool.Cli.Tests.Importing;

public sealed class SubmitBatchScriptTests : IDisposable
{
    private readonly CliHarness _cli = new();
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Submit_BatchScript_SendsTheImportedJob()
    {
        const string script = "#!/bin/bash\n#SBATCH --nodes=2 --gpus-per-node=h100:4\n#SBATCH -t 30\ntorchrun train.py\n";
        _cli.Broker.OnJson("POST /v1/jobs", """{"id":42,"state":"pending","duplicate":false}""", HttpStatusCode.Created);

        var (exitCode, output, _) = await _cli.RunAsync("submit", Write("train.sbatch", script), "--name", "renamed");

        (exitCode, output).ShouldBe((0, "submitted job 42\n"));
        var sent = JsonSerializer.Deserialize<JobSpec>(_cli.Broker.Requests.Single().Body!, JobSpecReader.JsonOptions)!;
        sent.Name.ShouldBe("renamed");
        sent.Replicas.ShouldBe(2);
        sent.Resources!.Accelerators.ShouldBe(["H100:4"]);
        sent.MaxRuntime.ShouldBe("30m");
        sent.Run.ShouldBe(script);
    }

    [Fact]
    public async Task Submit_RefusedScript_PrintsTheLocatedErrorAndSendsNothing()
    {
        var file = Write("train.slurm", "#!/bin/bash\n#SBATCH --nodes=your_own_num_nodes\necho\n");

        var (exitCode, _, error) = await _cli.RunAsync("submit", file);

        exitCode.ShouldBe(2);
        error.Split('\n').ShouldContain(l => l.StartsWith($"{file}:2: --nodes: ", StringComparison.Ordinal));
        _cli.Broker.Requests.ShouldBeEmpty();
    }

    [Fact]
    public async Task Submit_JobArray_SubmitsOneJobPerIndex()
    {
        _cli.Broker.OnJson("POST /v1/jobs", """{"id":42,"state":"pending","duplicate":false}""", HttpStatusCode.Created);

        var (exitCode, output, _) = await _cli.RunAsync("submit", Write("sweep.sbatch", "#!/bin/bash\n#SBATCH --array=0-3\necho\n"));

        exitCode.ShouldBe(0);
        output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length.ShouldBe(4);
        var sent = _cli.Broker.Requests.Select(r => JsonSerializer.Deserialize<JobSpec>(r.Body!, JobSpecReader.JsonOptions)!).ToList();
        sent.Select(j => j.Env!["SLURM_ARRAY_TASK_ID"]).ShouldBe(["0", "1", "2", "3"]);
        sent.Select(j => j.Name).Distinct().Count().ShouldBe(4);
    }

    [Fact]
    public void Load_JobArray_GivesOneValidJobPerIndexWithTheOverrideApplied()
    {
        var loaded = SpecFile.Load("#!/bin/bash\n#SBATCH --array=1,3,5\necho $SLURM_ARRAY_TASK_ID\n", "sweep.sbatch", s => s.Name = "mine");

        loaded.Errors.ShouldBeEmpty();
        loaded.Jobs.Select(j => (j.Name, j.Env!["SLURM_ARRAY_TASK_ID"])).ShouldBe([("mine-1", "1"), ("mine-3", "3"), ("mine-5", "5")]);
    }

    [Fact]
    public void Load_ShellScriptWithoutDirectivesOrShebang_IsReadAsASpec()
    {
        var loaded = SpecFile.Load("echo hi\n", "run.sh");

        loaded.Import.ShouldBeNull();
        loaded.Errors.ShouldHaveSingleItem().ShouldStartWith("run.sh: ");
    }

    [Fact]
    public void Load_OverrideThatBreaksTheJob_IsAnError()
    {
        var loaded = SpecFile.Load("#!/bin/bash\n#SBATCH --nodes=2\necho\n", "x.sbatch", s => s.Tenant = "bad tenant!");

        loaded.Jobs.ShouldBeEmpty();
        loaded.Errors.ShouldHaveSingleItem().ShouldContain("tenant");
    }

    [Fact]
    public void Load_StdinScript_IsDetectedByItsShebang()
    {
        var loaded = SpecFile.Load("#!/bin/bash\n#SBATCH --nodes=3\necho\n", "stdin");

        loaded.Jobs.ShouldHaveSingleItem().Replicas.ShouldBe(3);
        loaded.Notes.ShouldAllBe(n => n.StartsWith("stdin", StringComparison.Ordinal));
    }

    private string Write(string name, string text)
    {
        var path = _dir.Combine(name);
        File.WriteAllText(path, text);
        return path;
    }
}
