using OnePool.EndToEnd.Tests.Faults;
using Shouldly;

namespace OnePool.EndToEnd.Tests;

[Collection(EndToEndGroup.Name)]
public sealed class BrokerOutageTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;



    /// <summary>The broker process is down for longer than the lost timeout: agents see refused connections, keep
    /// their work running and reconnect; the restarted broker gives them its grace, so no node is declared lost and
    /// nothing is requeued: each job runs exactly once.</summary>
    [Fact]
    public async Task BrokerDownLongerThanTheLostTimeout_NothingIsRequeued()
    {
        await using var cluster = await Cluster.StartAsync([new NodeSpec("a", "a-1", 4, "4Gi"), new NodeSpec("a", "a-2", 4, "4Gi"), new NodeSpec("b", "b-1", 4, "4Gi")],
            Ct, FastTimings.Broker, FastTimings.Agent);
        var history = new History(cluster);
        var ids = new List<long>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add(await history.SubmitAsync($"name: j{i}\nrun: |\n  sleep 12\n  {history.CompletionLine}\n"));
        }

        foreach (var id in ids)
        {
            await cluster.WaitForJobAsync(id, j => j.Job.State == "running", TimeSpan.FromSeconds(30));
        }

        await cluster.KillServerAsync();
        await Task.Delay(TimeSpan.FromSeconds(6), Ct); // the outage itself: twice the lost timeout, past the agents' fence
        await cluster.StartServerAsync();

        foreach (var id in ids)
        {
            var job = await cluster.WaitForJobAsync(id, j => j.Job.State is "succeeded" or "failed", TimeSpan.FromSeconds(60));
            job.Job.State.ShouldBe("succeeded", job.Job.Reason);
            job.AttemptHistory.Count.ShouldBe(1, $"job {id} was requeued");
            history.Completions(id).ShouldHaveSingleItem();
        }

        (await history.CheckAsync(Ct)).ShouldBeEmpty();
    }

    /// <summary>The broker is frozen (SIGSTOP): agents' calls hang, as in a network partition, so after the fence time
    /// they stop their replicas themselves, before the broker could declare the node lost. When the broker thaws,
    /// the old attempt ends lost (not failed) and the job runs again: never two copies at once, and it completes once.</summary>
    [Fact]
    public async Task BrokerCutOff_AgentsFenceThemselves_AndTheJobCompletesOnce()
    {
        await using var cluster = await Cluster.StartAsync([new NodeSpec("a", "a-1", 4, "4Gi")], Ct, FastTimings.Broker, FastTimings.Agent);
        var marks = cluster.Folder + "/marks";
        Directory.CreateDirectory(marks);
        var history = new History(cluster);
        var id = await history.SubmitAsync($"""
            name: fenced
            run: |
              echo $$ >> {marks}/pids
              for i in $(seq 60); do sleep 0.1; done
              {history.CompletionLine}
            """);
        await cluster.WaitForJobAsync(id, j => j.Job.State == "running" && File.Exists($"{marks}/pids"), TimeSpan.FromSeconds(30));
        var firstPid = int.Parse((await File.ReadAllLinesAsync($"{marks}/pids", Ct))[0], System.Globalization.CultureInfo.InvariantCulture);

        cluster.Server!.Signal(FastTimings.Stop);
        await OnePool.TestKit.Polling.Eventually.WaitUntilAsync(() => Task.FromResult(Posix.IsGone(firstPid)), TimeSpan.FromSeconds(30), Ct);
        cluster.Server.Signal(FastTimings.Continue);

        var job = await cluster.WaitForJobAsync(id, j => j.Job.State is "succeeded" or "failed", TimeSpan.FromSeconds(60));
        job.Job.State.ShouldBe("succeeded", job.Job.Reason);
        job.AttemptHistory[0].State.ShouldBe("lost");
        job.AttemptHistory.Count.ShouldBe(2);
        history.Completions(id).ShouldHaveSingleItem();
        (await history.CheckAsync(Ct)).ShouldBeEmpty();
    }
}
