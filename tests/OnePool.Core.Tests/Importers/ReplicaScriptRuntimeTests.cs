using System.Diagnostics;
using OnePool.Core.Importers.Kubernetes;
using OnePool.Core.Importers.SkyPilot;
using Shouldly;
using Xunit;

namespace OnePool.Core.Tests.Importers;

/// <summary>Runs the scripts importers generate with bash, with the variables the agent exports, and checks what the
/// task's own commands see: SkyPilot's, the training operator's and Volcano's variables, and setup's failure
/// skipping run. On a Slurm site the gang's hosts come from <c>scontrol</c>; a stand-in on PATH prints them.</summary>
public sealed class ReplicaScriptRuntimeTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("onepool-script-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void SkyPilotScript_SingleReplica_SeesSkyPilotsVariables()
    {
        var run = SkyPilotImporter.Import("run: echo \"$SKYPILOT_NODE_RANK|$SKYPILOT_NUM_NODES|$SKYPILOT_NUM_GPUS_PER_NODE|$SKYPILOT_NODE_IPS|$SKYPILOT_TASK_ID\"\n").Spec!.Run!;

        var (code, output, _) = Bash(run, new() { ["ONEPOOL_REPLICA_INDEX"] = "0", ["ONEPOOL_NUM_REPLICAS"] = "1", ["ONEPOOL_JOB_ID"] = "12", ["ONEPOOL_ATTEMPT_ID"] = "34", ["CUDA_VISIBLE_DEVICES"] = "0,1,2" });

        (code, output).ShouldBe((0, "0|1|3|127.0.0.1|onepool-12-34\n"));
    }

    [Fact]
    public void SkyPilotScript_GangOnASlurmSite_GetsTheNodeListReplicaZeroFirst()
    {
        FakeScontrol("node-a", "node-b");
        var run = SkyPilotImporter.Import("num_nodes: 2\nrun: echo \"$SKYPILOT_NODE_RANK $(echo \"$SKYPILOT_NODE_IPS\" | head -n1) $SKYPILOT_NUM_GPUS_PER_NODE\"\n").Spec!.Run!;

        var (_, output, _) = Bash(run, new() { ["ONEPOOL_REPLICA_INDEX"] = "1", ["ONEPOOL_NUM_REPLICAS"] = "2", ["SLURM_JOB_NODELIST"] = "node-[a-b]", ["CUDA_VISIBLE_DEVICES"] = "" });

        output.ShouldBe("1 node-a 0\n");
    }

    [Fact]
    public void SkyPilotScript_GangOnProcessAgents_GetsTheHostsTheAgentExports()
    {
        var run = SkyPilotImporter.Import("num_nodes: 2\nrun: echo \"$SKYPILOT_NODE_IPS\" | paste -sd+ -\n").Spec!.Run!;

        var (_, output, _) = Bash(run, new() { ["ONEPOOL_REPLICA_INDEX"] = "1", ["ONEPOOL_NUM_REPLICAS"] = "2", ["ONEPOOL_REPLICA_HOSTS"] = "gpu-1,gpu-2" });

        output.ShouldBe("gpu-1+gpu-2\n");
    }

    [Fact]
    public void SkyPilotScript_GangOnAnAgentWithoutHosts_SaysTheyAreMissing()
    {
        var run = SkyPilotImporter.Import("num_nodes: 2\nrun: echo \"[$SKYPILOT_NODE_IPS]\"\n").Spec!.Run!;

        var (_, output, error) = Bash(run, new() { ["ONEPOOL_REPLICA_INDEX"] = "0", ["ONEPOOL_NUM_REPLICAS"] = "2" });

        output.ShouldBe("[]\n");
        error.ShouldContain("SKYPILOT_NODE_IPS is empty: this agent does not give ONEPOOL_REPLICA_HOSTS");
    }

    [Fact]
    public void SkyPilotScript_FailedSetup_SkipsRunAndExitsWithItsCode()
    {
        var run = SkyPilotImporter.Import("setup: |\n  cd /\n  exit 7\nrun: echo ran\n").Spec!.Run!;

        var (code, output, error) = Bash(run, []);

        (code, output).ShouldBe((7, ""));
        error.ShouldContain("setup failed with exit code 7");
    }

    [Fact]
    public void PyTorchJobScript_WorkerSeesRankWorldSizeAndMasterAddress()
    {
        FakeScontrol("master-node", "worker-node");
        var pod = "{spec: {containers: [{command: [bash, -c, 'echo $RANK $WORLD_SIZE $MASTER_ADDR:$MASTER_PORT']}]}}";
        var run = PyTorchJobImporter.Import($"apiVersion: kubeflow.org/v1\nkind: PyTorchJob\nspec:\n  pytorchReplicaSpecs:\n    Master: {{replicas: 1, template: {pod}}}\n    Worker: {{replicas: 1, template: {pod}}}\n").Spec!.Run!;

        var (_, output, _) = Bash(run, new() { ["ONEPOOL_REPLICA_INDEX"] = "1", ["ONEPOOL_NUM_REPLICAS"] = "2", ["SLURM_JOB_NODELIST"] = "x" });

        output.ShouldBe("1 2 master-node:23456\n");
    }

    [Fact]
    public void VolcanoScript_EachReplicaRunsItsTaskWithItsIndexAndHosts()
    {
        FakeScontrol("h0", "h1", "h2");
        var run = VolcanoJobImporter.Import("""
            apiVersion: batch.volcano.sh/v1alpha1
            kind: Job
            spec:
              plugins: {env: [], svc: []}
              tasks:
                - {name: master, replicas: 1, template: {spec: {containers: [{command: [sh, -c, echo master $VK_TASK_INDEX]}]}}}
                - {name: mpi-worker, replicas: 2, template: {spec: {containers: [{command: [sh, -c, 'echo worker $VK_TASK_INDEX $VC_MPI_WORKER_HOSTS $VC_MPI_WORKER_NUM']}]}}}
            """).Spec!.Run!;

        var outputs = Enumerable.Range(0, 3).Select(i => Bash(run, new()
        {
            ["ONEPOOL_REPLICA_INDEX"] = i.ToString(System.Globalization.CultureInfo.InvariantCulture), ["ONEPOOL_NUM_REPLICAS"] = "3", ["SLURM_JOB_NODELIST"] = "h[0-2]",
        }).Output);

        outputs.ShouldBe(["master 0\n", "worker 0 h1,h2 2\n", "worker 1 h1,h2 2\n"]);
    }

    private void FakeScontrol(params string[] hosts) =>
        File.WriteAllText(Path.Combine(_dir, "scontrol"), $"#!/bin/sh\nprintf '%s\\n' {string.Join(' ', hosts)}\n");

    private (int Code, string Output, string Error) Bash(string script, Dictionary<string, string> env)
    {
        var scontrol = Path.Combine(_dir, "scontrol");
        if (File.Exists(scontrol) && !OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(scontrol, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        var start = new ProcessStartInfo("/bin/bash") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = _dir };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(script);
        start.Environment.Clear();
        start.Environment["PATH"] = $"{_dir}:/usr/bin:/bin";
        foreach (var (name, value) in env)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output, error.Result);
    }
}
