using Shouldly;

namespace OnePool.EndToEnd.Tests;

[Collection(EndToEndGroup.Name)]
public sealed class PlanTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly NodeSpec[] Pool =
    [
        new("gpu-centre", "gpu-1", 16, "64Gi", "A100-80G", 8),
        new("gpu-centre", "gpu-2", 16, "64Gi", "A100-80G", 8),
        new("edge", "edge-1", 4, "8Gi", "T4", 2),
    ];

    [Fact]
    public async Task PlanAndDryRun_GangFile_ShowTheChoiceAndWhyEdgeIsExcludedAndSubmitNothing()
    {
        await using var cluster = await Cluster.StartAsync(Pool, Ct);
        await cluster.WaitForNodesAsync(3);
        var spec = cluster.Folder + "/gang.yaml";
        await File.WriteAllTextAsync(spec, "replicas: 2\nresources: {cpu: 8, memory: 32Gi, accelerators: [H100:8, A100-80G:8]}\nmaxRuntime: 10m\nrun: echo hi\n", Ct);

        var plan = await cluster.CliAsync("plan", spec);
        var dryRun = await cluster.CliAsync("submit", "--dry-run", spec);

        plan.ExitCode.ShouldBe(0, plan.ToString());
        plan.Stdout.ShouldContain("gpu-centre  A100-80G:8   now");
        plan.Stdout.ShouldContain("  edge (A100-80G:8): has no A100-80G\n");
        plan.Stdout.ShouldContain("OnePool would place it now at gpu-centre on A100-80G:8.");
        dryRun.ExitCode.ShouldBe(0, dryRun.ToString());
        dryRun.Stdout.ShouldBe(plan.Stdout);
        (await cluster.CliAsync("jobs", "-o", "json")).Stdout.ShouldContain("\"jobs\": []");
    }
}
