using System.Net.Http.Json;
using System.Text;
using OnePool.Contracts.Agents;
using OnePool.Contracts.Jobs;
using OnePool.Contracts.Sites;
using OnePool.TestKit.Polling;
using Shouldly;
using Xunit;

namespace OnePool.Broker.Tests.Sites;

public sealed class SiteSettingsTests
{
    private static readonly AgentNode EdgeNode = new("edge-1", "process", 4000, 16384,
        [new AcceleratorDevice(0, "T4", 16384, true)], new Dictionary<string, long>(), new Dictionary<string, string>());

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Put_ValidSettings_AnswersTheViewAndListShowsThem()
    {
        await using var broker = await BrokerFixture.StartAsync(Ct);
        await broker.NewSiteAsync("hpc", Ct);

        var response = await PutAsync(broker, "hpc",
            """{"prices":{"A100-80G":2.5},"draining":true,"datasets":["imagenet"],"ingressMiBPerSecond":250,"throughput":{"A100-80G":1.1},"labels":{"zone":"eu"}}""");

        response.StatusCode.ShouldBe(System.Net.HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Ct));
        var site = (await broker.Admin.GetFromJsonAsync<SiteList>("/v1/sites", BrokerFixture.Json, Ct))!.Sites.ShouldHaveSingleItem();
        (site.Prices["A100-80G"], site.Draining, site.Datasets.Single(), site.IngressMiBPerSecond, site.Throughput["A100-80G"], site.Labels["zone"])
            .ShouldBe((2.5, true, "imagenet", 250.0, 1.1, "eu"));
    }

    [Fact]
    public async Task Put_OnlyDraining_KeepsTheOtherSettings()
    {
        await using var broker = await BrokerFixture.StartAsync(Ct);
        await broker.NewSiteAsync("hpc", Ct);
        await PutAsync(broker, "hpc", """{"prices":{"T4":0.4}}""");

        var view = await (await PutAsync(broker, "hpc", """{"draining":true}""")).Content.ReadFromJsonAsync<SiteView>(BrokerFixture.Json, Ct);

        (view!.Draining, view.Prices["T4"], view.IngressMiBPerSecond).ShouldBe((true, 0.4, 1000.0));
    }

    [Theory]
    [InlineData("""{"prices":{"A100-80G":-1}}""", "prices.A100-80G")]
    [InlineData("""{"prices":{"not/a/model":1}}""", "prices.not/a/model")]
    [InlineData("""{"datasets":["ok","bad name"]}""", "datasets[1]")]
    [InlineData("""{"ingressMiBPerSecond":0}""", "ingressMiBPerSecond")]
    [InlineData("""{"throughput":{"T4":0}}""", "throughput.T4")]
    [InlineData("""{"draining":"yes"}""", "draining")]
    [InlineData("""{"labels":{"":"x"}}""", "labels.")]
    [InlineData("""{"kind":"slurm"}""", "kind")]
    public async Task Put_InvalidField_Is400NamingTheField(string body, string field)
    {
        await using var broker = await BrokerFixture.StartAsync(Ct);
        await broker.NewSiteAsync("hpc", Ct);

        var response = await PutAsync(broker, "hpc", body);

        (await response.ShouldBeProblemAsync(400, Ct)).Fields().ShouldContain(field);
    }

    [Fact]
    public async Task Put_UnknownSite_Is404()
    {
        await using var broker = await BrokerFixture.StartAsync(Ct);

        await (await PutAsync(broker, "nowhere", """{"draining":true}""")).ShouldBeProblemAsync(404, Ct);
    }

    [Fact]
    public async Task Put_WithTenantToken_Is403()
    {
        await using var broker = await BrokerFixture.StartAsync(Ct);
        await broker.NewSiteAsync("hpc", Ct);
        var tenant = await broker.NewTenantAsync("vision", Ct);

        var response = await tenant.PutAsync("/v1/sites/hpc", new StringContent("""{"draining":true}""", Encoding.UTF8, "application/json"), Ct);

        await response.ShouldBeProblemAsync(403, Ct);
    }

    [Fact]
    public async Task Lease_DrainedSite_GetsNoNewWorkUntilUndrained()
    {
        await using var broker = await BrokerFixture.StartAsync(Ct);
        var site = await broker.NewSiteAsync("edge", Ct);
        await LeaseAsync(site, new LeaseRequest(EdgeNode, [], [], 0, "i1"));
        (await PutAsync(broker, "edge", """{"draining":true}""")).EnsureSuccessStatusCode();

        var submitted = await broker.Admin.PostAsync("/v1/jobs", new StringContent("run: echo hi\nresources: {accelerators: T4:1}\n", Encoding.UTF8), Ct);
        var id = (await submitted.Content.ReadFromJsonAsync<SubmitJobResponse>(BrokerFixture.Json, Ct))!.Id;
        await Eventually.WaitUntilAsync(async () => (await JobAsync(broker, id)).Reason is not null, TimeSpan.FromSeconds(10), Ct);
        var drained = await LeaseAsync(site, new LeaseRequest(EdgeNode, [], [], 0, "i1"));

        drained.Run.ShouldBeEmpty();
        (await JobAsync(broker, id)).State.ShouldBe("pending");
        (await PutAsync(broker, "edge", """{"draining":false}""")).EnsureSuccessStatusCode();
        var undrained = await LeaseAsync(site, new LeaseRequest(EdgeNode, [], [], 20_000, "i1"));
        undrained.Run.ShouldHaveSingleItem().JobId.ShouldBe(id);
    }

    private static async Task<JobSummary> JobAsync(BrokerFixture broker, long id) =>
        (await broker.Admin.GetFromJsonAsync<JobDetail>($"/v1/jobs/{id}", BrokerFixture.Json, Ct))!.Job;

    private static Task<HttpResponseMessage> PutAsync(BrokerFixture broker, string name, string json) =>
        broker.Admin.PutAsync($"/v1/sites/{name}", new StringContent(json, Encoding.UTF8, "application/json"), Ct);

    private static async Task<LeaseResponse> LeaseAsync(HttpClient site, LeaseRequest request)
    {
        var response = await site.PostAsJsonAsync("/v1/agents/lease", request, BrokerFixture.Json, Ct);
        response.IsSuccessStatusCode.ShouldBeTrue(await response.Content.ReadAsStringAsync(Ct));
        return (await response.Content.ReadFromJsonAsync<LeaseResponse>(BrokerFixture.Json, Ct))!;
    }
}
