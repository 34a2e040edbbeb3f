using OnePool.EndToEnd.Tests.Faults;
using Shouldly;

namespace OnePool.EndToEnd.Tests;

[Collection(EndToEndGroup.Name)]
public sealed class AgentLossTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;


    /// <summary>Journey 4: a node dies mid-run. The 2-replica resumable job is requeued on healthy nodes of the same
    /// storage domain and resumes from its newest checkpoint: the step counter continues instead of restarting at 0.
    /// The lost attempt does not use the retry budget (retries: 0).</summary>
    [Fact]
    public async Task AgentKilledMidRun_ResumableGangResumesFromItsCheckpointOnHealthyNodes()
    {
        var shared = (Root: Path.Combine(Path.GetTempPath(), $"onepool-ckpt-{Guid.NewGuid():N}"), Domain: "shared");
        Directory.CreateDirectory(shared.Root);
        NodeSpec[] pool = [.. Enumerable.Range(1, 3).Select(i => new NodeSpec("a", $"a-{i}", 2, "2Gi") { SharedCheckpoints = shared })];
        await using var cluster = await Cluster.StartAsync(pool, Ct, FastTimings.Broker);
        var history = new History(cluster);
        var id = await history.SubmitAsync($$"""
            name: resumable
            replicas: 2
            resumable: true
            resources: {cpu: 1, memory: 256Mi}
            run: |
              step=0
              if [ -n "$ONEPOOL_RESUME_FROM" ]; then step=$(cat "$ONEPOOL_RESUME_FROM"); fi
              echo "replica $ONEPOOL_REPLICA_INDEX starts at step $step"
              while [ "$step" -lt 40 ]; do
                step=$((step + 1)); sleep 0.2
                if [ "$ONEPOOL_REPLICA_INDEX" = 0 ]; then
                  echo "$step" > "$ONEPOOL_CHECKPOINT_DIR/step-$step"
                  echo "step-$step" > "$ONEPOOL_CHECKPOINT_DIR/latest.tmp" && mv "$ONEPOOL_CHECKPOINT_DIR/latest.tmp" "$ONEPOOL_CHECKPOINT_DIR/latest"
                  echo "$step" > "$ONEPOOL_CHECKPOINT_DIR/progress"
                fi
              done
              echo "replica $ONEPOOL_REPLICA_INDEX done at step $step"
              if [ "$ONEPOOL_REPLICA_INDEX" = 0 ]; then {{history.CompletionLine}}; fi
            """);
        var running = await cluster.WaitForJobAsync(id, j => j.Job.State == "running" && j.Checkpoint is { Progress: { } p } && int.Parse(p, System.Globalization.CultureInfo.InvariantCulture) >= 5, TimeSpan.FromSeconds(60));
        var victimNode = running.AttemptHistory[^1].Replicas.Single(r => r.Index == 0).Node.Split('/')[1];

        cluster.Agents[victimNode].Process.Kill(entireProcessTree: true); // the node dies: agent and job processes

        var done = await cluster.WaitForJobAsync(id, j => j.Job.State is "succeeded" or "failed", TimeSpan.FromSeconds(90));
        done.Job.State.ShouldBe("succeeded", done.Job.Reason);
        done.AttemptHistory[0].State.ShouldBe("lost");
        var last = done.AttemptHistory[^1];
        last.Replicas.ShouldAllBe(r => !r.Node.EndsWith("/" + victimNode, StringComparison.Ordinal));
        var logs = await cluster.CliAsync("logs", id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var resumedAt = ResumedStep(logs.Stdout);
        resumedAt.ShouldBeGreaterThanOrEqualTo(5, logs.Stdout);
        done.Checkpoint!.Progress.ShouldBe("40");
        var efficiency = done.Efficiency!;
        efficiency.InfrastructureFailures.ShouldBe(1);
        efficiency.OwnFailures.ShouldBe(0);
        efficiency.LostWorkSeconds.ShouldBeGreaterThan(0);
        efficiency.EffectiveTrainingTime.ShouldBeInRange(0.01, 0.999);
        var shown = await cluster.CliAsync("job", id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        shown.Stdout.ShouldContain("infrastructure failures 1 (not charged)");
        (await cluster.CliAsync("pool")).Stdout.ShouldContain("effective training time, last 24 h:");
        await history.WaitUntilSettledAsync(TimeSpan.FromSeconds(10), Ct);
        (await history.CheckAsync(Ct)).ShouldBeEmpty();
        Directory.Delete(shared.Root, recursive: true);
    }

    private static int ResumedStep(string logs) =>
        logs.Split('\n')
            .Where(l => l.Contains("replica 0 starts at step", StringComparison.Ordinal))
            .Select(l => int.Parse(l[(l.LastIndexOf(' ') + 1)..].Trim(), System.Globalization.CultureInfo.InvariantCulture))
            .Max();
}
