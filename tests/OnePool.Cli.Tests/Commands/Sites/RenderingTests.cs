using OnePool.Cli.Commands.Sites;
using OnePool.Cli.Output;
using OnePool.Contracts.Sites;
using OnePool.TestKit.Approvals;
using Shouldly;

namespace OnePool.Cli.Tests.Commands.Sites;

public sealed class RenderingTests
{
    [Fact]
    public void PoolTable_TwoSites_MatchesApprovedWithTotals() =>
        Approvals.Verify(PoolCommand.Render(Samples.Pool(), TextTable.RedirectedWidth));

    [Fact]
    public void PoolTable_Empty_StillCountsJobs() =>
        PoolCommand.Render(new PoolView([], 4, 0), TextTable.RedirectedWidth).ShouldBe("the pool is empty: no site has ready nodes\n4 pending, 0 running\n");

    [Fact]
    public void SitesTable_TwoSites_MatchesApproved()
    {
        var sites = new SiteList(
        [
            new SiteView("edge", "process", 1, 1, new Dictionary<string, int> { ["T4"] = 2 }, Samples.Now.AddMinutes(-3), new Dictionary<string, string>()),
            new SiteView("gpu-centre", "slurm", 3, 4, new Dictionary<string, int> { ["A100-80G"] = 16, ["H100"] = 8 }, Samples.Now.AddDays(-40), new Dictionary<string, string>())
            {
                Prices = new Dictionary<string, double> { ["H100"] = 3.2, ["A100-80G"] = 2.05 }, Draining = true,
            },
        ]);

        Approvals.Verify(SitesCommand.Render(sites, Samples.Times(), TextTable.RedirectedWidth));
    }

    [Fact]
    public void NodesTable_TwoNodes_MatchesApproved()
    {
        var nodes = new NodeList(
        [
            new NodeView("edge/e1", "edge", "e1", "ready", 8000, 32768, new Dictionary<string, int> { ["T4"] = 2 }, 1500, 2048,
                new Dictionary<string, int> { ["T4"] = 1 }, Samples.Now.AddSeconds(-4), new Dictionary<string, string>()),
            new NodeView("gpu-centre/g1", "gpu-centre", "g1", "offline", 64000, 524288, new Dictionary<string, int> { ["A100-80G"] = 8 }, 0, 0,
                new Dictionary<string, int>(), null, new Dictionary<string, string>()),
        ]);

        Approvals.Verify(NodesCommand.Render(nodes, Samples.Times(), TextTable.RedirectedWidth));
    }
}
