using System.Globalization;
using OnePool.TestKit.Polling;
using Shouldly;

namespace OnePool.EndToEnd.Tests.Faults;

[Collection(EndToEndGroup.Name)]
public sealed class FrozenAgentTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly NodeSpec[] Pool = [new("a", "a-1", 2, "2Gi"), new("a", "a-2", 2, "2Gi")];

    /// <summary>An agent is frozen (SIGSTOP) past the lost timeout while its job runs. Its job process, in its own
    /// session, keeps running, and a frozen agent cannot fence itself. The broker declares the node lost, fences the
    /// attempt and runs the job on the other node of the site. Once thawed (SIGCONT), the agent's late reports change
    /// nothing and the desired state no longer lists the old replica, so the agent stops it before it completes: the
    /// job succeeds exactly once.</summary>
    [Fact]
    public async Task AgentFrozenPastTheLostTimeout_JobRunsElsewhere_AndTheThawedAgentStopsItsStaleReplica()
    {
        await using var cluster = await Cluster.StartAsync(Pool, Ct, FastTimings.Broker, FastTimings.Agent);
        var history = new History(cluster);
        var pids = Path.Combine(cluster.Folder, "pids");
        // About 8 s of work: long enough that the stale copy is still running when its agent thaws (lost after 3 s,
        // thawed as soon as the second attempt is placed), so only fencing keeps it from completing a second time.
        var id = await history.SubmitAsync($"""
            name: frozen
            resources: {"{cpu: 1, memory: 256Mi}"}
            run: |
              echo "$ONEPOOL_ATTEMPT_ID $$" >> {pids}
              for i in $(seq 80); do sleep 0.1; done
              {history.CompletionLine}
            """);
        var running = await cluster.WaitForJobAsync(id, j => j.Job.State == "running" && File.Exists(pids), TimeSpan.FromSeconds(30));
        var first = running.AttemptHistory.ShouldHaveSingleItem();
        var frozenNode = first.Replicas.ShouldHaveSingleItem().Node;
        var frozen = cluster.Agents[frozenNode.Split('/')[1]];
        var stalePid = int.Parse((await File.ReadAllLinesAsync(pids, Ct))[0].Split(' ')[1], CultureInfo.InvariantCulture);

        frozen.Signal(FastTimings.Stop);
        var moved = await cluster.WaitForJobAsync(id, j => j.AttemptHistory.Count == 2, TimeSpan.FromSeconds(30));
        Posix.IsGone(stalePid).ShouldBeFalse("the frozen agent's job process should still run: it is in its own session");
        frozen.Signal(FastTimings.Continue);

        moved.AttemptHistory[0].State.ShouldBe("lost");
        moved.AttemptHistory[0].Reason.ShouldNotBeNull().ShouldContain("lost");
        moved.AttemptHistory[1].Replicas.ShouldHaveSingleItem().Node.ShouldNotBe(frozenNode);
        await Eventually.WaitUntilAsync(() => Task.FromResult(Posix.IsGone(stalePid)), TimeSpan.FromSeconds(15), Ct, TimeSpan.FromMilliseconds(100));

        var done = await cluster.WaitForJobAsync(id, j => j.Job.State is "succeeded" or "failed", TimeSpan.FromSeconds(60));
        done.Job.State.ShouldBe("succeeded", done.Job.Reason);
        done.AttemptHistory.Select(a => a.State).ShouldBe(["lost", "succeeded"]);
        var stale = done.AttemptHistory[0];
        (stale.State, stale.FinishedAt, stale.Replicas[0].State, stale.Replicas[0].FinishedAt)
            .ShouldBe(("lost", moved.AttemptHistory[0].FinishedAt, "lost", moved.AttemptHistory[0].Replicas[0].FinishedAt),
                "the thawed agent's late report changed the fenced attempt");
        await history.WaitUntilSettledAsync(TimeSpan.FromSeconds(10), Ct);
        (await history.CheckAsync(Ct)).ShouldBeEmpty();
        history.Completions(id).ShouldHaveSingleItem().ShouldBe($"completed attempt {done.AttemptHistory[1].Id}");
    }
}
