using Microsoft.Extensions.Logging.Abstractions;
using OnePool.Agent.Execution;
using OnePool.Agent.Slurm;
using OnePool.Contracts.Agents;
using OnePool.TestKit.Files;
using Shouldly;

namespace OnePool.Agent.Tests.Slurm;

/// <summary>The slurm executor's core against a real slurmctld and slurmrestd: submission, states, output, stop,
/// refusal, and no second Slurm job for one attempt.</summary>
[Collection(SlurmTests.Name)]
[Trait("Category", "Slurm")]
public sealed class SlurmAttemptsTests(SlurmClusterFixture slurm) : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);
    private readonly TempDirectory _jobs = new();
    private readonly HttpClient _http = new();
    private readonly string _scope = "t" + Guid.NewGuid().ToString("N")[..7];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Inventory_TwoNodesWithTypedGpus_MapToPoolNodes()
    {
        var client = new SlurmRestClient(_http, slurm.Settings);
        // A node just resumed by another test may be NOT_RESPONDING for a moment: that is Draining too, so wait.
        List<AgentNode> nodes = [];
        await OnePool.TestKit.Polling.Eventually.WaitUntilAsync(async () =>
        {
            nodes = [.. SlurmInventory.Map(await client.NodesAsync(Ct), slurm.Settings).Select(n => n.Node).OrderBy(n => n.Name)];
            return nodes.All(n => !n.Draining);
        }, Deadline, Ct, TimeSpan.FromMilliseconds(200));

        nodes.Select(n => n.Name).ShouldBe(["n1", "n2"]);
        foreach (var node in nodes)
        {
            node.Executor.ShouldBe("slurm");
            node.CpuMillis.ShouldBe(4000);
            node.MemoryMiB.ShouldBe(8000);
            node.Accelerators.Select(a => a.Model).ShouldBe(["A100-80G", "A100-80G", "A100-80G", "A100-80G"]);
            node.Labels[SlurmInventory.PartitionLabel].ShouldBe("batch");
        }
    }

    [Fact]
    public async Task Inventory_DrainedNode_IsReportedDraining()
    {
        var client = new SlurmRestClient(_http, slurm.Settings);
        await slurm.Cluster.RunAsync("scontrol", ["update", "nodename=n2", "state=drain", "reason=onepool-test"], Ct);
        try
        {
            var n2 = SlurmInventory.Map(await client.NodesAsync(Ct), slurm.Settings).Single(n => n.Node.Name == "n2").Node;
            n2.Draining.ShouldBeTrue();
        }
        finally
        {
            await slurm.Cluster.RunAsync("scontrol", ["update", "nodename=n2", "state=resume"], Ct);
        }
    }

    [Fact]
    public async Task SiteQueue_LocalUsersPendingGpuJobs_AreCountedByPoolModel()
    {
        var client = new SlurmRestClient(_http, slurm.Settings);
        var ids = new List<string>();
        try
        {
            // A local user holds all eight GPUs, and queues a job for 2 nodes x 3 GPUs behind it.
            foreach (var args in new[] { new[] { "-N", "2", "--gres=gpu:a100:4", "--mem=100", "-o", "/dev/null", "--wrap", "sleep 30" },
                                         ["-N", "2", "--gres=gpu:a100:3", "--mem=100", "-o", "/dev/null", "--wrap", "true"] })
            {
                var (code, output) = await slurm.Cluster.RunAsync("sbatch", ["--parsable", .. args], Ct);
                code.ShouldBe(0, output);
                ids.Add(output.Trim());
            }

            IReadOnlyDictionary<string, int> queue = new Dictionary<string, int>();
            await OnePool.TestKit.Polling.Eventually.WaitUntilAsync(async () =>
            {
                queue = SlurmQueue.Of(await client.JobsAsync(Ct), slurm.Settings);
                return queue.GetValueOrDefault("A100-80G") == 6;
            }, Deadline, Ct, TimeSpan.FromMilliseconds(200));
            queue.Keys.ShouldBe(["A100-80G"]);
        }
        finally
        {
            await slurm.Cluster.RunAsync("scancel", ids, Ct);
        }
    }

    [Theory]
    [InlineData("gres:gpu:a100:2", "a100", 2)]
    [InlineData("gres/gpu:4", null, 4)]
    [InlineData("gpu:h100:8", "h100", 8)]
    [InlineData("gpu:a100:4(S:0-1)", "a100", 4)]
    public void SiteQueue_TresPerNode_IsParsed(string tres, string? type, int count) =>
        SlurmGres.Gpus(tres).ShouldBe([(type, count)]);

    [Fact]
    public async Task Gang_TwoReplicas_RunAsOneTwoNodeSlurmJobAndSucceed()
    {
        var attempts = Attempts();
        var r0 = attempts.Add(Assignment(1001, 0, 2, "echo replica $ONEPOOL_REPLICA_INDEX on $ONEPOOL_NODE gpus=$CUDA_VISIBLE_DEVICES"), "n1", () => { });
        var r1 = attempts.Add(Assignment(1001, 1, 2, "echo replica $ONEPOOL_REPLICA_INDEX on $ONEPOOL_NODE gpus=$CUDA_VISIBLE_DEVICES"), "n2", () => { });

        await PumpUntilAsync(attempts, () => r0.Outcome is not null);

        r0.Outcome!.State.ShouldBe(ReplicaStates.Succeeded, r0.Outcome.Message);
        r1.Outcome!.State.ShouldBe(ReplicaStates.Succeeded);
        r0.StartedAt.ShouldNotBeNull();
        var output = await File.ReadAllTextAsync(r0.LogPath, Ct);
        output.ShouldContain("replica 0 on n");
        output.ShouldContain("replica 1 on n");
        output.ShouldContain("gpus=0,1");
        r1.LogLength.ShouldBe(0); // one output file, carried by replica 0
        (await slurm.Cluster.JobIdsNamedAsync(SlurmJobScript.JobName(_scope, 1001), Ct)).Count.ShouldBe(1);
    }

    [Fact]
    public async Task Failure_ExitCodeIsTheScriptsOwn()
    {
        var attempts = Attempts();
        var replica = attempts.Add(Assignment(1002, 0, 1, "echo failing; exit 7"), "n1", () => { });

        await PumpUntilAsync(attempts, () => replica.Outcome is not null);

        replica.Outcome!.State.ShouldBe(ReplicaStates.Failed);
        replica.Outcome.ExitCode.ShouldBe(7);
    }

    [Fact]
    public async Task Restart_AttemptAlreadyInSlurm_IsAdoptedNotSubmittedAgain()
    {
        var first = Attempts();
        var replica = first.Add(Assignment(1003, 0, 1, "sleep 3; echo done"), "n1", () => { });
        await PumpUntilAsync(first, () => replica.StartedAt is not null);

        // A new agent process (same site token, so same scope) finds the job in Slurm and reports it.
        var second = Attempts();
        var adopted = second.Adopt(await new SlurmRestClient(_http, slurm.Settings).JobsAsync(Ct), _ => () => { })
            .Where(a => a.Replica.Key.AttemptId == 1003).ToList();
        adopted.ShouldHaveSingleItem().Node.ShouldBe("n1");
        // Were the broker to hand the replica over again, the new agent must not submit a second copy.
        var again = second.Add(Assignment(1003, 0, 1, "sleep 3; echo done"), "n1", () => { });
        await PumpUntilAsync(second, () => again.Outcome is not null);

        again.Outcome!.State.ShouldBe(ReplicaStates.Succeeded);
        (await slurm.Cluster.JobIdsNamedAsync(SlurmJobScript.JobName(_scope, 1003), Ct)).Count.ShouldBe(1);
    }

    [Fact]
    public async Task Stop_RunningJob_GetsTermThenIsCancelledAndReportedStopped()
    {
        var attempts = Attempts();
        var replica = attempts.Add(Assignment(1004, 0, 1, "trap 'echo got TERM; exit 143' TERM; echo started; sleep 300 & wait"), "n1", () => { });
        await PumpUntilAsync(attempts, () => replica.StartedAt is not null && new FileInfo(replica.LogPath) is { Exists: true, Length: > 0 });

        // A grace long enough that a busy machine (CI runs the test assemblies side by side) delivers Slurm's SIGTERM
        // before the agent's SIGKILL: with 2 s, CI once saw the job killed before its trap ran.
        var stop = replica.StopAsync(ReplicaStates.Stopped, null, "stopped on the broker's order", TimeSpan.FromSeconds(20), Ct);
        await PumpUntilAsync(attempts, () => stop.IsCompleted);

        replica.Outcome!.State.ShouldBe(ReplicaStates.Stopped);
        replica.Outcome.Message.ShouldBe("stopped on the broker's order");
        (await File.ReadAllTextAsync(replica.LogPath, Ct)).ShouldContain("got TERM");
    }

    [Fact]
    public async Task Refused_MoreGpusThanANodeHas_FailsWithSlurmsReason()
    {
        var attempts = Attempts();
        var replica = attempts.Add(Assignment(1005, 0, 1, "true") with { AcceleratorIndices = [0, 1, 2, 3, 4] }, "n1", () => { });

        await PumpUntilAsync(attempts, () => replica.Outcome is not null);

        replica.Outcome!.State.ShouldBe(ReplicaStates.Failed);
        replica.Outcome.ExitCode.ShouldBe(ReplicaProcess.StartFailedExitCode);
        replica.Outcome.Message!.ShouldContain("Slurm refused the job");
    }

    public void Dispose()
    {
        _http.Dispose();
        _jobs.Dispose();
    }

    private SlurmAttempts Attempts()
    {
        var context = new ExecutorContext(_jobs.Path, "slurm", TimeProvider.System, NullLogger.Instance, _ => { }, () => { })
        {
            CheckpointRoot = _jobs.Combine("checkpoints"),
        };
        var jobs = _jobs.Path;
        foreach (var folder in new[] { jobs, _jobs.Combine("checkpoints"), _jobs.Combine("work") })
        {
            Directory.CreateDirectory(folder);
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(folder, (UnixFileMode)Convert.ToInt32("1777", 8)); // jobs run as nobody
            }
        }

        var attempts = new SlurmAttempts(new SlurmRestClient(_http, slurm.Settings), slurm.Settings, _scope, jobs, context, TimeProvider.System, NullLogger.Instance);
        return attempts;
    }

    private async Task PumpUntilAsync(SlurmAttempts attempts, Func<bool> done)
    {
        var client = new SlurmRestClient(_http, slurm.Settings);
        attempts.SetNodes(SlurmInventory.Map(await client.NodesAsync(Ct), slurm.Settings));
        await OnePool.TestKit.Polling.Eventually.WaitUntilAsync(async () =>
        {
            await attempts.PumpAsync(Ct);
            return done();
        }, Deadline, Ct, TimeSpan.FromMilliseconds(300));
    }

    private static ReplicaAssignment Assignment(long attempt, int index, int replicas, string script) =>
        new(attempt, attempt, "slurm-test", index, replicas, [], script, new Dictionary<string, string>(), null, [0, 1], 1000, 500, null, 2);
}
