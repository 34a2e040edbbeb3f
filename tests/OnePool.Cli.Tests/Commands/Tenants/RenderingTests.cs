using OnePool.Cli.Commands.Tenants;
using OnePool.Cli.Output;
using OnePool.Contracts.Tenants;
using OnePool.TestKit.Approvals;
using Shouldly;

namespace OnePool.Cli.Tests.Commands.Tenants;

public sealed class RenderingTests
{
    [Fact]
    public void TenantsTable_ThreeTenants_MatchesApproved()
    {
        var tenants = new TenantList(
        [
            new TenantView("default", Samples.Now.AddDays(-9)),
            new TenantView("nlp", Samples.Now.AddDays(-2))
            {
                Nominal = new Dictionary<string, double> { ["H100"] = 8 }, BorrowingLimit = new Dictionary<string, double> { ["A100-80G"] = 4 },
                Cohort = "research", Weight = 0.5,
            },
            new TenantView("vision", Samples.Now.AddDays(-1))
            {
                Nominal = new Dictionary<string, double> { ["A100-80G"] = 16, ["cpu"] = 128, ["memory"] = 1024 },
                BorrowingLimit = new Dictionary<string, double> { ["A100-80G"] = 8 },
                Cohort = "research", Weight = 2,
                Usage = new Dictionary<string, double> { ["A100-80G"] = 24, ["cpu"] = 96, ["memory"] = 384.5 },
            },
        ]);

        Approvals.Verify(TenantsCommand.Render(tenants, TextTable.RedirectedWidth));
    }

    [Fact]
    public void TenantsTable_Empty_SaysHowToAddOne() =>
        TenantsCommand.Render(new TenantList([]), TextTable.RedirectedWidth).ShouldBe("no tenants yet: add one with `onepool tenants add NAME`\n");
}
