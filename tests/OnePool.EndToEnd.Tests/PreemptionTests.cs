using Shouldly;

namespace OnePool.EndToEnd.Tests;

[Collection(EndToEndGroup.Name)]
public sealed class PreemptionTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Real broker, scheduler and agent: a high-priority job that cannot otherwise start preempts a running
    /// low-priority one. The victim's process gets SIGTERM (it checkpoints on it), its attempt ends preempted, its job
    /// goes back to pending without using a retry, and the urgent job runs.</summary>
    [Fact]
    public async Task HighPriorityJob_PreemptsRunningLowPriorityWork_WhichIsRequeuedNotFailed()
    {
        await using var cluster = await Cluster.StartAsync([new NodeSpec("edge", "edge-1", 4, "8Gi", "T4", 1)], Ct);
        var marks = cluster.Folder + "/marks";
        Directory.CreateDirectory(marks);
        var low = await cluster.SubmitOverHttpAsync($$"""
            name: low
            resources: {accelerators: T4:1}
            run: |
              trap 'echo checkpointed > {{marks}}/low-term; exit 0' TERM
              touch {{marks}}/low-started
              for i in $(seq 600); do sleep 0.1; done
            """);
        await cluster.WaitForJobAsync(low, j => j.Job.State == "running" && File.Exists($"{marks}/low-started"), TimeSpan.FromSeconds(30));

        var urgent = await cluster.SubmitOverHttpAsync("name: urgent\npriority: 10\nresources: {accelerators: T4:1}\nrun: echo urgent ran\n");

        var done = await cluster.WaitForJobAsync(urgent, j => j.Job.State is "succeeded" or "failed", TimeSpan.FromSeconds(60));
        done.Job.State.ShouldBe("succeeded");
        File.Exists($"{marks}/low-term").ShouldBeTrue("the victim was not given SIGTERM to checkpoint");
        var victim = await cluster.JobAsync(low);
        victim.AttemptHistory[0].State.ShouldBe("preempted");
        victim.Events.ShouldContain(e => e.Type == "preempted");
        victim.Job.State.ShouldBeOneOf("pending", "scheduled", "running");
    }
}
