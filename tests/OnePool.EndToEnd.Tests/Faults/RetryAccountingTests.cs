using System.Globalization;
using OnePool.TestKit.Polling;
using Shouldly;

namespace OnePool.EndToEnd.Tests.Faults;

[Collection(EndToEndGroup.Name)]
public sealed class RetryAccountingTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly NodeSpec[] Pool = [new("a", "a-1", 2, "2Gi"), new("a", "a-2", 2, "2Gi")];

    /// <summary>A job with one retry fails on its own (exit 3), then its second run is lost with its node (agent and
    /// job processes SIGKILLed), then it succeeds. Only the first counts against the budget: three attempts (failed,
    /// lost, succeeded), one own failure and one infrastructure failure, and the job did not end failed.</summary>
    [Fact]
    public async Task OwnFailureThenLostNode_LostAttemptDoesNotUseTheRetry_AndTheJobSucceeds()
    {
        await using var cluster = await Cluster.StartAsync(Pool, Ct, FastTimings.Broker, FastTimings.Agent);
        var history = new History(cluster);
        var runs = Path.Combine(cluster.Folder, "runs");
        Directory.CreateDirectory(runs);
        // The counter file decides what each run does: the first fails, the second runs until its node is killed,
        // the third completes.
        var id = await history.SubmitAsync($$"""
            name: retried
            retries: 1
            resources: {cpu: 1, memory: 256Mi}
            run: |
              n=$(( $(cat {{runs}}/counter 2>/dev/null || echo 0) + 1 ))
              echo $n > {{runs}}/counter
              echo "$n $$" >> {{runs}}/pids
              if [ $n -eq 1 ]; then exit 3; fi
              if [ $n -eq 2 ]; then for i in $(seq 600); do sleep 0.1; done; fi
              {{history.CompletionLine}}
            """);

        // The first failure requeues after a 10 s backoff (docs/failures.md), so the second run starts after ~10 s.
        var second = await cluster.WaitForJobAsync(id, j => j.AttemptHistory.Count == 2 && j.Job.State == "running" && RunCount(runs) == 2, TimeSpan.FromSeconds(40));
        second.AttemptHistory[0].State.ShouldBe("failed");
        second.Events.ShouldContain(e => e.Type == "requeued" && e.Message.Contains("retry 1 of 1", StringComparison.Ordinal));
        var victim = second.AttemptHistory[1].Replicas.ShouldHaveSingleItem().Node.Split('/')[1];
        var secondPid = int.Parse(File.ReadAllLines(Path.Combine(runs, "pids"))[1].Split(' ')[1], CultureInfo.InvariantCulture);

        cluster.Agents[victim].Process.Kill(entireProcessTree: true); // the node dies: agent and job processes
        await Eventually.WaitUntilAsync(() => Task.FromResult(Posix.IsGone(secondPid)), TimeSpan.FromSeconds(10), Ct, TimeSpan.FromMilliseconds(100));

        var done = await cluster.WaitForJobAsync(id, j => j.Job.State is "succeeded" or "failed", TimeSpan.FromSeconds(40));
        done.Job.State.ShouldBe("succeeded", done.Job.Reason);
        done.AttemptHistory.Select(a => a.State).ShouldBe(["failed", "lost", "succeeded"]);
        done.AttemptHistory[0].ExitCode.ShouldBe(3);
        done.AttemptHistory[2].Replicas.ShouldHaveSingleItem().Node.ShouldNotEndWith("/" + victim);
        var efficiency = done.Efficiency.ShouldNotBeNull();
        (efficiency.OwnFailures, efficiency.InfrastructureFailures).ShouldBe((1, 1));
        RunCount(runs).ShouldBe(3);
        (await history.CheckAsync(Ct)).ShouldBeEmpty();
    }

    private static int RunCount(string runs) => File.Exists(Path.Combine(runs, "pids")) ? File.ReadAllLines(Path.Combine(runs, "pids")).Length : 0;
}
