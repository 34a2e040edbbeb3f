using OnePool.EndToEnd.Tests.Faults;
using Shouldly;

namespace OnePool.EndToEnd.Tests;

[Collection(EndToEndGroup.Name)]
public sealed class DeviceFailureTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A GPU fails under a running job (injected through the node's health-check command): the attempt ends
    /// lost, the job is requeued without using its retries and runs again on a healthy device, and the failed device
    /// gets no new work.</summary>
    [Fact]
    public async Task DeviceFailsUnderARunningJob_WorkMovesToAHealthyDevice()
    {
        var faults = Path.Combine(Path.GetTempPath(), $"onepool-faults-{Guid.NewGuid():N}");
        Directory.CreateDirectory(faults);
        var check = ($"cat {faults}/$ONEPOOL_NODE 2>/dev/null || true", "1s");
        await using var cluster = await Cluster.StartAsync(
            [new NodeSpec("a", "a-1", 4, "4Gi", "T4", 2) { HealthCheck = check }, new NodeSpec("a", "a-2", 4, "4Gi", "T4", 1) { HealthCheck = check }], Ct);
        var history = new History(cluster);
        var id = await history.SubmitAsync($"name: on-gpu\nresources: {{accelerators: T4:1}}\nrun: |\n  for i in $(seq 60); do sleep 0.1; done\n  {history.CompletionLine}\n");
        var running = await cluster.WaitForJobAsync(id, j => j.Job.State == "running", TimeSpan.FromSeconds(30));
        var replica = running.AttemptHistory[0].Replicas[0];
        var (node, device) = (replica.Node.Split('/')[1], replica.AcceleratorIndices[0]);

        await File.WriteAllTextAsync(Path.Combine(faults, node), $"{device}\n", Ct);

        var moved = await cluster.WaitForJobAsync(id, j => j.AttemptHistory.Count >= 2 && j.Job.State == "running", TimeSpan.FromSeconds(60));
        var first = moved.AttemptHistory[0];
        first.State.ShouldBe("lost");
        first.Reason!.ShouldContain($"accelerator {device} (T4) on a/{node} failed its health check");
        var again = moved.AttemptHistory[^1].Replicas[0];
        (again.Node, again.AcceleratorIndices[0]).ShouldNotBe((replica.Node, device));
        await history.WaitUntilSettledAsync(TimeSpan.FromSeconds(30), Ct);
        (await history.CheckAsync(Ct)).ShouldBeEmpty();
        Directory.Delete(faults, recursive: true);
    }
}
