using OnePool.EndToEnd.Tests.Faults;
using Shouldly;

namespace OnePool.EndToEnd.Tests;

[Collection(EndToEndGroup.Name)]
public sealed class BrokerCrashTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly NodeSpec[] Pool =
    [
        new("site-a", "a-1", 8, "16Gi"),
        new("site-a", "a-2", 8, "16Gi"),
    ];

    /// <summary>SIGKILL the broker while jobs are queued and running, start it again on the same data: every
    /// acknowledged job is there with its history, the agents reconnect on their own, the running processes are
    /// kept (not orphaned, not restarted) and each job runs to completion exactly once.</summary>
    [Fact]
    public async Task Kill9_ThenRestart_KeepsEveryAcknowledgedJob_AndRunsEachOnce()
    {
        await using var cluster = await Cluster.StartAsync(Pool, Ct);
        var history = new History(cluster);
        var ids = new List<long>();
        for (var i = 0; i < 12; i++)
        {
            // Each job appends one line to its own file; a second run would add a second line. Eight fit at once,
            // so at the kill some run and some wait.
            ids.Add(await history.SubmitAsync($"name: j{i}\nresources: {{cpu: 2, memory: 1Gi}}\nrun: |\n  sleep 4\n  {history.CompletionLine}\n"));
        }

        await cluster.WaitForJobAsync(ids[0], j => j.Job.State == "running", TimeSpan.FromSeconds(30));
        await cluster.KillServerAsync();
        await cluster.StartServerAsync();

        foreach (var id in ids)
        {
            var job = await cluster.WaitForJobAsync(id, j => j.Job.State is "succeeded" or "failed" or "cancelled", TimeSpan.FromSeconds(120));
            job.Job.State.ShouldBe("succeeded", $"job {id}: {job.Job.Reason}");
            job.Events.ShouldContain(e => e.Type == "submitted");
            job.AttemptHistory.Count.ShouldBe(1, $"job {id} was dispatched more than once");
            history.Completions(id).ShouldHaveSingleItem($"job {id} ran more than once");
        }

        (await history.CheckAsync(Ct)).ShouldBeEmpty();
    }

    [Fact]
    public async Task Kill9_RightAfterAcknowledgement_TheJobIsThereAfterRestart()
    {
        await using var cluster = await Cluster.StartAsync([], Ct);
        var id = await cluster.SubmitAsync("name: acked\nrun: echo\n");

        await cluster.KillServerAsync();
        await cluster.StartServerAsync();

        var list = await cluster.CliAsync("jobs", "-o", "json");
        list.Stdout.ShouldContain($"\"id\": {id}");
        (await cluster.JobAsync(id)).Job.State.ShouldBe("pending");
    }
}
