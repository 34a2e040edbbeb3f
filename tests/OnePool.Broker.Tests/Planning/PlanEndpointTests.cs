using System.Net;
using System.Net.Http.Json;
using OnePool.Contracts.Agents;
using OnePool.Contracts.Jobs;
using Shouldly;
using Xunit;
using static OnePool.Broker.Tests.Scheduling.SnapshotBuilderTests;

namespace OnePool.Broker.Tests.Planning;

public sealed class PlanEndpointTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Plan_NodeWithFreeT4_ChoosesItWithRuntimeAndCostAndStoresNothing()
    {
        await using var broker = await BrokerFixture.StartAsync(Ct);
        var site = await broker.NewSiteAsync("edge", Ct);
        (await broker.Admin.PutAsync("/v1/sites/edge", Body("""{"prices":{"T4":0.5}}"""), Ct)).EnsureSuccessStatusCode();
        await LeaseAsync(site, new LeaseRequest(EdgeNode, [], [], 0, "i1"));

        var plan = await PlanAsync(broker.Admin, "run: x\nmaxRuntime: 2h\nresources: {accelerators: T4:2}\n");

        var row = plan.Rows.ShouldHaveSingleItem();
        (row.Site, row.Accelerator, row.Chosen, row.ExpectedStart).ShouldBe(("edge", "T4:2", true, plan.Now));
        row.ExpectedRuntimeSeconds.ShouldBe(7200, tolerance: 1e-6);
        row.ExpectedCost.ShouldBe(0.5 * 2 * 2, tolerance: 1e-9);
        plan.Waiting.ShouldBeNull();
        plan.Resources.ShouldContain("T4:2");
        (await broker.Admin.GetFromJsonAsync<JobList>("/v1/jobs?all=true", BrokerFixture.Json, Ct))!.Jobs.ShouldBeEmpty();
    }

    [Fact]
    public async Task Plan_ModelNowhereInThePool_ExcludesEachSiteWithTheReason()
    {
        await using var broker = await BrokerFixture.StartAsync(Ct);
        var site = await broker.NewSiteAsync("edge", Ct);
        await LeaseAsync(site, new LeaseRequest(EdgeNode, [], [], 0, "i1"));

        var plan = await PlanAsync(broker.Admin, "run: x\nresources: {accelerators: H100:8}\n");

        plan.Rows.ShouldBeEmpty();
        var excluded = plan.Excluded.ShouldHaveSingleItem();
        (excluded.Site, excluded.Accelerator, excluded.Reason).ShouldBe(("edge", "H100:8", "has no H100"));
        plan.Waiting.ShouldNotBeNull();
    }

    [Fact]
    public async Task Plan_DrainingSite_IsExcludedAsDraining()
    {
        await using var broker = await BrokerFixture.StartAsync(Ct);
        var site = await broker.NewSiteAsync("edge", Ct);
        await LeaseAsync(site, new LeaseRequest(EdgeNode, [], [], 0, "i1"));
        (await broker.Admin.PutAsync("/v1/sites/edge", Body("""{"draining":true}"""), Ct)).EnsureSuccessStatusCode();

        var plan = await PlanAsync(broker.Admin, "run: x\n");

        plan.Excluded.ShouldHaveSingleItem().Reason.ShouldStartWith("draining");
    }

    [Fact]
    public async Task Plan_NodeBusyWithAJobOfKnownRuntime_StartsWhenThatJobsMaxRuntimeEnds()
    {
        await using var broker = await BrokerFixture.StartAsync(Ct);
        var site = await broker.NewSiteAsync("edge", Ct);
        await LeaseAsync(site, new LeaseRequest(EdgeNode, [], [], 0, "i1"));
        (await broker.Admin.PostAsync("/v1/jobs", Body("run: sleep 60\nmaxRuntime: 1h\nresources: {accelerators: T4:2}\n"), Ct)).EnsureSuccessStatusCode();
        (await LeaseAsync(site, new LeaseRequest(EdgeNode, [], [], 20_000, "i1"))).Run.ShouldHaveSingleItem();

        var plan = await PlanAsync(broker.Admin, "run: x\nresources: {accelerators: T4:2}\n");

        var row = plan.Rows.ShouldHaveSingleItem();
        row.Chosen.ShouldBeFalse();
        row.ExpectedStart.ShouldNotBeNull();
        (row.ExpectedStart.Value - plan.Now).ShouldBeInRange(TimeSpan.FromMinutes(50), TimeSpan.FromHours(1));
        plan.Waiting.ShouldNotBeNull();
    }

    [Theory]
    [InlineData("", "body")]
    [InlineData("name: x\n", "command")]
    [InlineData("run: x\nresources: {memory: 12Q}\n", "resources.memory")]
    [InlineData("run: x\nreplicas: 0\n", "replicas")]
    [InlineData("run: x\ntenant: nobody\n", "tenant")]
    public async Task Plan_MalformedSpec_Is400ProblemNamingTheField(string body, string field)
    {
        await using var broker = await BrokerFixture.StartAsync(Ct);

        var response = await broker.Admin.PostAsync("/v1/jobs/plan", Body(body), Ct);

        (await response.ShouldBeProblemAsync(400, Ct)).Fields().ShouldContain(field);
    }

    [Fact]
    public async Task Plan_TenantTokenNamingAnotherTenant_Is403()
    {
        await using var broker = await BrokerFixture.StartAsync(Ct);
        var alice = await broker.NewTenantAsync("alice", Ct);

        var response = await alice.PostAsync("/v1/jobs/plan", Body("run: x\ntenant: bob\n"), Ct);

        await response.ShouldBeProblemAsync(403, Ct);
    }

    [Fact]
    public async Task Plan_TenantToken_PlansForItsOwnQueue()
    {
        await using var broker = await BrokerFixture.StartAsync(Ct);
        var site = await broker.NewSiteAsync("edge", Ct);
        await LeaseAsync(site, new LeaseRequest(EdgeNode, [], [], 0, "i1"));
        var alice = await broker.NewTenantAsync("alice", Ct);
        (await broker.Admin.PutAsync("/v1/tenants/alice", Body("""{"nominal":{"T4":1}}"""), Ct)).EnsureSuccessStatusCode();

        var plan = await PlanAsync(alice, "run: x\nresources: {accelerators: T4:2}\n");

        plan.Excluded.ShouldHaveSingleItem().Reason.ShouldStartWith("quota: tenant alice is at quota for T4");
    }

    [Fact]
    public async Task Plan_WithoutToken_Is401Problem()
    {
        await using var broker = await BrokerFixture.StartAsync(Ct);

        var response = await broker.Anonymous.PostAsync("/v1/jobs/plan", Body("run: x\n"), Ct);

        await response.ShouldBeProblemAsync(401, Ct);
    }

    private static async Task<JobPlanResponse> PlanAsync(HttpClient client, string spec)
    {
        var response = await client.PostAsync("/v1/jobs/plan", Body(spec), Ct);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Ct));
        return (await response.Content.ReadFromJsonAsync<JobPlanResponse>(BrokerFixture.Json, Ct))!;
    }
}
