using System.Net;
using System.Net.Http.Json;
using System.Text;
using OnePool.Contracts.Jobs;
using Shouldly;
using Xunit;

namespace OnePool.Broker.Tests.Auth;

public sealed class TenantIsolationTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task EveryJobEndpoint_OtherTenantsJob_LooksMissing()
    {
        await using var broker = await BrokerFixture.StartAsync(Ct);
        var alice = await broker.NewTenantAsync("alice", Ct);
        var bob = await broker.NewTenantAsync("bob", Ct);
        var aliceJob = await SubmitAsync(alice, "run: echo mine\n");

        await (await bob.GetAsync($"/v1/jobs/{aliceJob}", Ct)).ShouldBeProblemAsync(404, Ct);
        await (await bob.GetAsync($"/v1/jobs/{aliceJob}/logs", Ct)).ShouldBeProblemAsync(404, Ct);
        await (await bob.PostAsync($"/v1/jobs/{aliceJob}/cancel", null, Ct)).ShouldBeProblemAsync(404, Ct);
        (await bob.GetFromJsonAsync<JobList>("/v1/jobs?all=true", BrokerFixture.Json, Ct))!.Jobs.ShouldBeEmpty();

        var stillThere = await alice.GetFromJsonAsync<JobDetail>($"/v1/jobs/{aliceJob}", BrokerFixture.Json, Ct);
        stillThere!.Job.State.ShouldBe("pending");
    }

    [Fact]
    public async Task Submit_TenantTokenNamingAnotherTenant_Is403()
    {
        await using var broker = await BrokerFixture.StartAsync(Ct);
        var alice = await broker.NewTenantAsync("alice", Ct);
        await broker.NewTenantAsync("bob", Ct);

        var response = await alice.PostAsync("/v1/jobs", new StringContent("run: x\ntenant: bob\n", Encoding.UTF8), Ct);

        await response.ShouldBeProblemAsync(403, Ct);
    }

    [Fact]
    public async Task Submit_TenantToken_JobBelongsToThatTenant()
    {
        await using var broker = await BrokerFixture.StartAsync(Ct);
        var alice = await broker.NewTenantAsync("alice", Ct);

        var id = await SubmitAsync(alice, "run: x\n");

        (await broker.Admin.GetFromJsonAsync<JobDetail>($"/v1/jobs/{id}", BrokerFixture.Json, Ct))!.Job.Tenant.ShouldBe("alice");
    }

    [Fact]
    public async Task SiteToken_CannotSubmitOrReadJobs()
    {
        await using var broker = await BrokerFixture.StartAsync(Ct);
        var site = await broker.NewSiteAsync("edge", Ct);

        await (await site.PostAsync("/v1/jobs", new StringContent("run: x\n", Encoding.UTF8), Ct)).ShouldBeProblemAsync(403, Ct);
        await (await site.GetAsync("/v1/jobs", Ct)).ShouldBeProblemAsync(403, Ct);
    }

    [Fact]
    public async Task TenantToken_CannotCreateSitesOrTenants()
    {
        await using var broker = await BrokerFixture.StartAsync(Ct);
        var alice = await broker.NewTenantAsync("alice", Ct);

        await (await alice.PostAsJsonAsync("/v1/sites", new { name = "mine" }, Ct)).ShouldBeProblemAsync(403, Ct);
        await (await alice.PostAsJsonAsync("/v1/tenants", new { name = "eve" }, Ct)).ShouldBeProblemAsync(403, Ct);
    }

    [Fact]
    public async Task UnknownToken_Is401()
    {
        await using var broker = await BrokerFixture.StartAsync(Ct);

        await (await broker.ClientFor("op_admin_forged").GetAsync("/v1/jobs", Ct)).ShouldBeProblemAsync(401, Ct);
    }

    [Fact]
    public async Task AddSite_Twice_IsAConflict_AndABadNameIs400()
    {
        await using var broker = await BrokerFixture.StartAsync(Ct);
        await broker.NewSiteAsync("edge", Ct);

        await (await broker.Admin.PostAsJsonAsync("/v1/sites", new { name = "edge" }, Ct)).ShouldBeProblemAsync(409, Ct);
        var problem = await (await broker.Admin.PostAsJsonAsync("/v1/sites", new { name = "no spaces" }, Ct)).ShouldBeProblemAsync(400, Ct);
        problem.Fields().ShouldContain("name");
        (await (await broker.Admin.PostAsJsonAsync("/v1/sites", new { name = "x", kind = "cloud" }, Ct)).ShouldBeProblemAsync(400, Ct)).Fields().ShouldContain("kind");
    }

    private static async Task<long> SubmitAsync(HttpClient client, string yaml)
    {
        var response = await client.PostAsync("/v1/jobs", new StringContent(yaml, Encoding.UTF8), Ct);
        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        return (await response.Content.ReadFromJsonAsync<SubmitJobResponse>(BrokerFixture.Json, Ct))!.Id;
    }
}
