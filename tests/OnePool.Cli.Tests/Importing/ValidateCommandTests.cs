using OnePool.TestKit.Files;
using Shouldly;

namespace OnePool.Cli.Tests.Importing;

/// <summary><c>onepool validate</c>: every format, no broker needed; notes and a summary on stdout and exit 0 for a
/// good file, one line per error on stderr and exit 2 for a bad one.</summary>
public sealed class ValidateCommandTests : IDisposable
{
    private readonly CliHarness _cli = new();
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Validate_GoodSpec_SaysWhatItIsAndExits0()
    {
        var file = Write("job.yaml", "name: x\nreplicas: 2\nresources: {cpu: 4, accelerators: H100:8}\nrun: echo\n");

        var (exitCode, output, error) = await _cli.RunAsync("validate", file);

        (exitCode, error).ShouldBe((0, ""));
        output.ShouldBe($"{file}: a valid OnePool job spec: one job of 2 x (4 cpu, 1Gi, H100:8)\n");
        _cli.Broker.Requests.ShouldBeEmpty();
    }

    [Fact]
    public async Task Validate_BadSpec_PrintsOneLinePerErrorAndExits2()
    {
        var file = Write("job.yaml", "replicas: 0\nresources: {cpu: -1}\nrun: echo\n");

        var (exitCode, output, error) = await _cli.RunAsync("validate", file);

        exitCode.ShouldBe(2);
        output.ShouldBeEmpty();
        error.TrimEnd('\n').Split('\n').ShouldBe([$"{file}: replicas: must be between 1 and 1024", $"{file}: resources.cpu: '-1' is not a CPU count; write cores (2, 0.5) or millicores (500m)"]);
    }

    [Fact]
    public async Task Validate_SkyPilotTask_PrintsTheNotesThenTheSummary()
    {
        var file = Write("task.yaml", "resources:\n  accelerators: {H100: 8, A100-80GB: 8}\n  disk_size: 512\nnum_nodes: 2\nrun: echo\n");

        var (exitCode, output, _) = await _cli.RunAsync("validate", file);

        exitCode.ShouldBe(0);
        var lines = output.TrimEnd('\n').Split('\n');
        lines.ShouldContain($"{file}:3: resources.disk_size: OnePool does not size disks: the job uses the node's disk");
        lines[^1].ShouldBe($"{file}: a valid SkyPilot task: one job of 2 x (1 cpu, 1Gi, H100:8 or A100-80G:8)");
    }

    [Fact]
    public async Task Validate_BatchScript_IsCheckedAsSubmitWould()
    {
        var file = Write("train.sbatch", "#!/bin/bash\n#SBATCH --nodes=2 --gres=gpu:h100:4\necho\n");

        var (exitCode, output, _) = await _cli.RunAsync("validate", file);

        exitCode.ShouldBe(0);
        output.TrimEnd('\n').Split('\n')[^1].ShouldBe($"{file}: a valid Slurm batch script: one job of 2 x (1 cpu, 1Gi, H100:4)");
    }

    [Fact]
    public async Task Validate_KubernetesObjectOfAnotherKind_IsRefusedInOneLine()
    {
        var file = Write("deploy.yaml", "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec: {}\n");

        var (exitCode, _, error) = await _cli.RunAsync("validate", file);

        exitCode.ShouldBe(2);
        error.ShouldBe($"{file}:2: kind: this Kubernetes object is not a job OnePool imports: it takes Kubeflow PyTorchJob (kubeflow.org) and Volcano Job (batch.volcano.sh)\n");
    }

    [Fact]
    public async Task Validate_BadEnvOption_IsOneUsageLine()
    {
        var (exitCode, _, error) = await _cli.RunAsync("validate", Write("job.yaml", "run: echo\n"), "--env", "NOVALUE");

        exitCode.ShouldBe(2);
        error.ShouldBe("error: --env: 'NOVALUE' must be NAME=VALUE\n");
    }

    private string Write(string name, string text)
    {
        var path = _dir.Combine(name);
        File.WriteAllText(path, text);
        return path;
    }
}
