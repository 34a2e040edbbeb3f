using System.Net;
using System.Text.Json;
using OnePool.Core.Specs;
using OnePool.TestKit.Files;
using Shouldly;

namespace OnePool.Cli.Tests.Importing;

/// <summary><c>submit</c> and <c>convert</c> on SkyPilot tasks, PyTorchJobs and Volcano Jobs, through the real command
/// line against the stub broker.</summary>
public sealed class ForeignFormatTests : IDisposable
{
    private const string SkyPilotTask = """
        name: train
        resources:
          accelerators: A100:8
          use_spot: true
          cloud: aws
        num_nodes: 2
        envs:
          HF_TOKEN:
          EPOCHS: 3
        setup: pip install torch
        run: torchrun --node_rank=$SKYPILOT_NODE_RANK train.py
        """;

    private const string PyTorchJob = """
        apiVersion: kubeflow.org/v1
        kind: PyTorchJob
        metadata:
          name: mnist
        spec:
          pytorchReplicaSpecs:
            Master:
              replicas: 1
              template:
                spec:
                  containers:
                    - name: pytorch
                      image: pytorch/pytorch
                      command: [python, mnist.py]
                      resources:
                        limits:
                          nvidia.com/gpu: 1
            Worker:
              replicas: 3
              template:
                spec:
                  containers:
                    - name: pytorch
                      image: pytorch/pytorch
                      command: [python, mnist.py]
                      resources:
                        limits:
                          nvidia.com/gpu: 1
        """;

    private const string VolcanoJob = """
        apiVersion: batch.volcano.sh/v1alpha1
        kind: Job
        metadata:
          name: sweep
        spec:
          minAvailable: 2
          tasks:
            - replicas: 2
              name: worker
              template:
                spec:
                  containers:
                    - name: w
                      image: busybox
                      command: ["sh", "-c", "echo hi"]
                      resources:
                        requests:
                          cpu: 500m
                          memory: 2Gi
        """;

    private readonly CliHarness _cli = new();
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Submit_SkyPilotTask_SendsTheGangWithTheEnvGivenOnTheCommandLine()
    {
        _cli.Broker.OnJson("POST /v1/jobs", """{"id":7,"state":"pending","duplicate":false}""", HttpStatusCode.Created);

        var (exitCode, output, error) = await _cli.RunAsync("submit", Write("task.yaml", SkyPilotTask), "--env", "HF_TOKEN=hf_abc");

        (exitCode, output).ShouldBe((0, "submitted job 7\n"));
        error.ShouldContain("task.yaml:5: resources.cloud: ");
        var sent = Sent();
        sent.Replicas.ShouldBe(2);
        sent.Preemptible.ShouldBe(true);
        sent.Resources!.Accelerators.ShouldBe(["A100-40G:8"]);
        sent.Env.ShouldBe(new Dictionary<string, string> { ["EPOCHS"] = "3", ["HF_TOKEN"] = "hf_abc" }, ignoreOrder: true);
        sent.Run!.ShouldContain("SKYPILOT_NODE_RANK=\"${ONEPOOL_REPLICA_INDEX:-0}\"");
        sent.Run!.ShouldEndWith("pip install torch\n) || { _onepool_status=$?; echo \"onepool: setup failed with exit code $_onepool_status; run is skipped\" >&2; exit \"$_onepool_status\"; }\n# run:\ntorchrun --node_rank=$SKYPILOT_NODE_RANK train.py\n");
    }

    [Fact]
    public async Task Submit_SkyPilotEnvWithoutValue_NamesTheKeyAndSendsNothing()
    {
        var file = Write("task.yaml", SkyPilotTask);

        var (exitCode, _, error) = await _cli.RunAsync("submit", file);

        exitCode.ShouldBe(2);
        error.Split('\n').ShouldContain($"{file}:8: envs.HF_TOKEN: has no value: give one with --env HF_TOKEN=VALUE (as sky launch --env HF_TOKEN)");
        _cli.Broker.Requests.ShouldBeEmpty();
    }

    [Fact]
    public async Task Submit_PyTorchJob_SendsMasterAndWorkersAsOneGang()
    {
        _cli.Broker.OnJson("POST /v1/jobs", """{"id":8,"state":"pending","duplicate":false}""", HttpStatusCode.Created);

        var (exitCode, _, _) = await _cli.RunAsync("submit", Write("mnist.yaml", PyTorchJob));

        exitCode.ShouldBe(0);
        var sent = Sent();
        (sent.Name, sent.Replicas).ShouldBe(("mnist", 4));
        sent.Resources!.Accelerators![0].ShouldBe("B200:1");
        sent.Run!.ShouldContain("export RANK=\"$_onepool_index\"");
        sent.Run!.ShouldEndWith("exec python mnist.py\n");
    }

    [Fact]
    public async Task Convert_VolcanoJob_PrintsYamlThatReadsBackAsTheImportedJob()
    {
        var (exitCode, output, _) = await _cli.RunAsync("convert", Write("sweep.yaml", VolcanoJob));

        exitCode.ShouldBe(0);
        var (spec, error) = JobSpecReader.Read(output);
        error.ShouldBeNull();
        (spec!.Name, spec.Replicas, spec.Resources!.Cpu, spec.Resources.Memory).ShouldBe(("sweep", 2, "0.5", "2Gi"));
        spec.Run!.ShouldEndWith("echo hi\n");
    }

    [Fact]
    public async Task Convert_Json_NamesTheFormatAndGivesEveryNote()
    {
        var (exitCode, output, _) = await _cli.RunAsync("convert", Write("mnist.yaml", PyTorchJob), "-o", "json");

        exitCode.ShouldBe(0);
        var root = JsonDocument.Parse(output).RootElement;
        root.GetProperty("format").GetString().ShouldBe("pytorchjob");
        root.GetProperty("notes").EnumerateArray().Select(n => n.GetProperty("directive").GetString())
            .ShouldContain("spec.pytorchReplicaSpecs.Master.template.spec.containers[0].image");
    }

    [Fact]
    public async Task Convert_BrokenSkyPilotYaml_GivesFileLineAndColumnAndExits2()
    {
        var file = Write("broken.yaml", "name: x\nnum_nodes: 2\nrun: |\n  echo\n\n4\n");

        var (exitCode, output, error) = await _cli.RunAsync("convert", file);

        exitCode.ShouldBe(2);
        output.ShouldBeEmpty();
        error.ShouldStartWith($"{file}:6: yaml: invalid YAML at line 6, column 1: ");
        error.TrimEnd('\n').Split('\n').Length.ShouldBe(1);
    }

    private JobSpec Sent() => JsonSerializer.Deserialize<JobSpec>(_cli.Broker.Requests.Single().Body!, JobSpecReader.JsonOptions)!;

    private string Write(string name, string text)
    {
        var path = _dir.Combine(name);
        File.WriteAllText(path, text);
        return path;
    }
}
