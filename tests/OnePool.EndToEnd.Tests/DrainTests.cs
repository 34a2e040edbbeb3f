using OnePool.EndToEnd.Tests.Faults;
using Shouldly;

namespace OnePool.EndToEnd.Tests;

[Collection(EndToEndGroup.Name)]
public sealed class DrainTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>An operator drains a node for maintenance: it takes no new work, its running job gets SIGTERM (its
    /// chance to checkpoint) once the grace is over and moves to another node without using its retries; undrain
    /// brings the node back.</summary>
    [Fact]
    public async Task Drain_MovesRunningWorkOffTheNode_AndUndrainBringsItBack()
    {
        await using var cluster = await Cluster.StartAsync([new NodeSpec("a", "a-1", 2, "2Gi"), new NodeSpec("a", "a-2", 2, "2Gi")], Ct);
        var marks = cluster.Folder + "/marks";
        Directory.CreateDirectory(marks);
        var history = new History(cluster);
        var id = await history.SubmitAsync($$"""
            name: long
            resources: {cpu: 2}
            run: |
              trap 'echo "$ONEPOOL_NODE" >> {{marks}}/term; exit 0' TERM
              for i in $(seq 80); do sleep 0.1; done
              {{history.CompletionLine}}
            """);
        var running = await cluster.WaitForJobAsync(id, j => j.Job.State == "running", TimeSpan.FromSeconds(30));
        var node = running.AttemptHistory[0].Replicas[0].Node;

        var drain = await cluster.CliAsync("drain", node, "--grace", "0s");

        drain.ExitCode.ShouldBe(0, drain.ToString());
        var moved = await cluster.WaitForJobAsync(id, j => j.AttemptHistory.Count == 2 && j.Job.State == "running", TimeSpan.FromSeconds(60));
        moved.AttemptHistory[0].State.ShouldBe("preempted");
        moved.AttemptHistory[0].Reason!.ShouldContain($"moved off drained node {node}");
        moved.AttemptHistory[1].Replicas[0].Node.ShouldNotBe(node);
        (await File.ReadAllLinesAsync($"{marks}/term", Ct)).ShouldBe([node.Split('/')[1]]);
        (await cluster.CliAsync("nodes")).Stdout.ShouldMatch($@"(?m)^{node.Split('/')[1]}\s+a\s+draining\s");

        var undrain = await cluster.CliAsync("undrain", node);

        undrain.ExitCode.ShouldBe(0, undrain.ToString());
        await cluster.WaitForNodesAsync(2);
        await history.WaitUntilSettledAsync(TimeSpan.FromSeconds(30), Ct);
        (await history.CheckAsync(Ct)).ShouldBeEmpty();
    }

    [Fact]
    public async Task Drain_UnknownNode_IsOneClearError()
    {
        await using var cluster = await Cluster.StartAsync([], Ct);

        var drain = await cluster.CliAsync("drain", "nowhere/nothing");

        drain.ExitCode.ShouldNotBe(0);
        drain.Stderr.ShouldContain("node nowhere/nothing does not exist");
    }
}
