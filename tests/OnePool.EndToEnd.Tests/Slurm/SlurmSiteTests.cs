using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Shouldly;

namespace OnePool.EndToEnd.Tests.Slurm;

/// <summary>Journey: a Slurm supercomputing centre is a site of the pool. Real broker and agent processes, a real
/// two-node Slurm cluster (slurmctld, slurmd, slurmrestd), jobs run by Slurm as an ordinary user.</summary>
[Collection(SlurmEndToEndGroup.Name)]
[Trait("Category", "Slurm")]
public sealed class SlurmSiteTests(SlurmSiteFixture site)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Gang_TwoReplicasWithGpus_RunAsOneSlurmJobOnBothNodes()
    {
        await using var cluster = await site.StartPoolAsync(Ct);
        var nodes = await cluster.CliAsync("nodes");
        nodes.Stdout.ShouldContain("A100-80G 0/4");

        var id = await cluster.SubmitAsync("""
            name: slurm-gang
            replicas: 2
            resources: {cpu: 1, memory: 500Mi, accelerators: A100-80G:4}
            run: echo "replica $ONEPOOL_REPLICA_INDEX of $ONEPOOL_NUM_REPLICAS on $ONEPOOL_NODE gpus=$CUDA_VISIBLE_DEVICES"
            """);
        var done = await cluster.WaitForJobAsync(id, j => j.Job.State is "succeeded" or "failed", Deadline);

        done.Job.State.ShouldBe("succeeded", done.Job.Reason);
        var logs = (await cluster.CliAsync("logs", Id(id))).Stdout;
        logs.ShouldContain("replica 0 of 2");
        logs.ShouldContain("replica 1 of 2");
        logs.ShouldContain("on n1 gpus=0,1,2,3"); // a node's four GPUs each: Slurm had to use both nodes
        logs.ShouldContain("on n2 gpus=0,1,2,3");
        (await SlurmJobsOfAsync(cluster, done.AttemptHistory[0].Id)).Count.ShouldBe(1);
    }

    [Fact]
    public async Task NodeFailure_InSlurm_IsAnInfrastructureLossAndTheJobRunsAgain()
    {
        await using var cluster = await site.StartPoolAsync(Ct);
        try
        {
            var id = await cluster.SubmitAsync("""
                name: node-failure
                resources: {cpu: 1, memory: 500Mi, accelerators: A100-80G:1}
                run: |
                  if [ -e "$ONEPOOL_CHECKPOINT_DIR/first" ]; then echo "second attempt on $ONEPOOL_NODE"; exit 0; fi
                  touch "$ONEPOOL_CHECKPOINT_DIR/first"; echo "first attempt on $ONEPOOL_NODE"; sleep 300
                """);
            var running = await cluster.WaitForJobAsync(id, j => j.Job.State == "running", Deadline);
            var slurmNode = await NodeOfAsync(SlurmJobName(cluster, running.AttemptHistory[0].Id));

            await site.Slurm.RunAsync("scontrol", ["update", $"nodename={slurmNode}", "state=down", "reason=onepool-test"], Ct);

            var done = await cluster.WaitForJobAsync(id, j => j.Job.State is "succeeded" or "failed", Deadline);
            done.Job.State.ShouldBe("succeeded", done.Job.Reason);
            done.AttemptHistory[0].State.ShouldBe("lost");
            done.AttemptHistory[0].Reason!.ShouldContain("Slurm requeued job");
            done.Efficiency!.OwnFailures.ShouldBe(0); // not charged to the job's retries
            done.Efficiency.InfrastructureFailures.ShouldBe(1);
            (await cluster.CliAsync("logs", Id(id))).Stdout.ShouldContain("second attempt on");
        }
        finally
        {
            await site.ResumeNodesAsync();
        }
    }

    [Fact]
    public async Task AgentKilled_WhileItsSlurmJobRuns_TheNewAgentAdoptsItAndTheJobRunsOnce()
    {
        await using var cluster = await site.StartPoolAsync(Ct);
        var id = await cluster.SubmitAsync("""
            name: adopted
            resources: {cpu: 1, memory: 500Mi}
            run: echo started; sleep 8; echo finished
            """);
        var running = await cluster.WaitForJobAsync(id, j => j.Job.State == "running", Deadline);
        var agent = cluster.Agents["slurm"];
        agent.Process.Kill(entireProcessTree: true);
        await agent.Process.WaitForExitAsync(Ct);

        cluster.StartSlurmAgent(cluster.SlurmSiteToken!, site.Slurm.RestUrl, SlurmSiteFixture.User, site.JwtFile);

        var done = await cluster.WaitForJobAsync(id, j => j.Job.State is "succeeded" or "failed", Deadline);
        done.Job.State.ShouldBe("succeeded", done.Job.Reason);
        done.AttemptHistory.Count.ShouldBe(1);
        (await SlurmJobsOfAsync(cluster, running.AttemptHistory[0].Id)).Count.ShouldBe(1);
        cluster.Agents["slurm"].Output.ShouldContain("still running from before the agent started");
    }

    /// <summary>The agent is killed after it submitted the attempt to Slurm but before the broker heard it start
    /// (the job waits in Slurm's queue behind a local user's job). The restarted agent finds the job in Slurm
    /// instead of submitting it again, and the job runs once.</summary>
    [Fact]
    public async Task AgentKilled_BetweenSubmitAndStart_RestartDoesNotSubmitASecondSlurmJob()
    {
        await using var cluster = await site.StartPoolAsync(Ct);
        // A local Slurm user holds every GPU of both nodes for a while: Slurm's own queue, not OnePool's.
        var (code, local) = await site.Slurm.RunAsync("sbatch",
            ["-N", "2", "--gres=gpu:a100:4", "--mem=500", "-o", "/dev/null", "--wrap", "sleep 12"], Ct);
        code.ShouldBe(0, local);
        var id = await cluster.SubmitAsync("""
            name: queued-in-slurm
            resources: {cpu: 1, memory: 500Mi, accelerators: A100-80G:4}
            run: echo ran once
            """);
        var dispatched = await cluster.WaitForJobAsync(id, j => j.AttemptHistory.Count > 0, Deadline);
        var name = SlurmJobName(cluster, dispatched.AttemptHistory[0].Id);
        await OnePool.TestKit.Polling.Eventually.WaitUntilAsync(async () => (await site.Slurm.JobIdsNamedAsync(name, Ct)).Count > 0,
            Deadline, Ct, TimeSpan.FromMilliseconds(100));
        (await cluster.JobAsync(id)).Job.State.ShouldBe("scheduled"); // submitted to Slurm, not started

        var agent = cluster.Agents["slurm"];
        agent.Process.Kill(entireProcessTree: true);
        await agent.Process.WaitForExitAsync(Ct);
        cluster.StartSlurmAgent(cluster.SlurmSiteToken!, site.Slurm.RestUrl, SlurmSiteFixture.User, site.JwtFile);

        var done = await cluster.WaitForJobAsync(id, j => j.Job.State is "succeeded" or "failed", Deadline);
        done.Job.State.ShouldBe("succeeded", done.Job.Reason);
        done.AttemptHistory.Count.ShouldBe(1);
        (await site.Slurm.JobIdsNamedAsync(name, Ct)).Count.ShouldBe(1);
        (await cluster.CliAsync("logs", Id(id))).Stdout.Split('\n').Count(l => l.Contains("ran once", StringComparison.Ordinal)).ShouldBe(1);
    }

    /// <summary>With --slurm-queue-depth 1 a node takes twice its capacity: 16 one-CPU jobs on 8 CPUs are all
    /// dispatched at once, Slurm runs eight and queues eight, and starts those the moment the first ones end.</summary>
    [Fact]
    public async Task QueueDepth_KeepsSlurmsQueueFed()
    {
        await using var cluster = await site.StartPoolAsync(Ct, "--slurm-queue-depth", "1");
        var ids = new List<long>();
        for (var i = 0; i < 16; i++)
        {
            ids.Add(await cluster.SubmitOverHttpAsync("name: fed\nresources: {cpu: 1, memory: 500Mi}\nrun: sleep 8\n"));
        }

        // Every job dispatched while the first eight still run, and some of them waiting in Slurm's own queue.
        await OnePool.TestKit.Polling.Eventually.WaitUntilAsync(async () =>
        {
            var jobs = await Task.WhenAll(ids.Select(cluster.JobAsync));
            var (_, pending) = await site.Slurm.RunAsync("squeue", ["-h", "-t", "pending", "-o", "%j"], Ct);
            return jobs.All(j => j.AttemptHistory.Count > 0)
                && pending.Split('\n', StringSplitOptions.RemoveEmptyEntries).Any(n => n.StartsWith("onepool-", StringComparison.Ordinal));
        }, TimeSpan.FromSeconds(30), Ct, TimeSpan.FromMilliseconds(200));

        foreach (var id in ids)
        {
            (await cluster.WaitForJobAsync(id, j => j.Job.State is "succeeded" or "failed", Deadline)).Job.State.ShouldBe("succeeded");
        }
    }

    [Fact]
    public async Task Cancel_RunningOnSlurm_CancelsTheSlurmJob()
    {
        await using var cluster = await site.StartPoolAsync(Ct);
        var id = await cluster.SubmitAsync("""
            name: to-cancel
            resources: {cpu: 1, memory: 500Mi}
            run: trap 'echo got SIGTERM; exit 143' TERM; echo started; sleep 300 & wait
            """);
        var running = await cluster.WaitForJobAsync(id, j => j.Job.State == "running", Deadline);

        (await cluster.CliAsync("cancel", Id(id))).ExitCode.ShouldBe(0);

        var done = await cluster.WaitForJobAsync(id, j => j.Job.State is "cancelled" or "failed" or "succeeded", Deadline);
        done.Job.State.ShouldBe("cancelled");
        var name = SlurmJobName(cluster, running.AttemptHistory[0].Id);
        var (_, state) = await site.Slurm.RunAsync("squeue", ["-h", "-t", "all", "-n", name, "-o", "%T"], Ct);
        state.Trim().ShouldBe("CANCELLED");
        (await cluster.CliAsync("logs", Id(id))).Stdout.ShouldContain("got SIGTERM"); // Slurm's grace reached the job
    }

    private static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);

    /// <summary>The Slurm job name of an attempt, as docs/slurm.md defines it: <c>onepool-SCOPE-aID</c>, SCOPE the
    /// first 8 hex digits of the SHA-256 of the site token.</summary>
    private static string SlurmJobName(Cluster cluster, long attemptId) =>
        $"onepool-{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(cluster.SlurmSiteToken!)))[..8]}-a{Id(attemptId)}";

    private async Task<IReadOnlyList<string>> SlurmJobsOfAsync(Cluster cluster, long attemptId) =>
        await site.Slurm.JobIdsNamedAsync(SlurmJobName(cluster, attemptId), Ct);

    private async Task<string> NodeOfAsync(string slurmJobName)
    {
        var (_, node) = await site.Slurm.RunAsync("squeue", ["-h", "-n", slurmJobName, "-o", "%N"], Ct);
        node.Trim().ShouldNotBeNullOrEmpty();
        return node.Trim();
    }
}
