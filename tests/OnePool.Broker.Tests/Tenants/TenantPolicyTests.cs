using System.Net.Http.Json;
using System.Text;
using OnePool.Contracts.Tenants;
using Shouldly;
using Xunit;

namespace OnePool.Broker.Tests.Tenants;

public sealed class TenantPolicyTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Put_ValidPolicy_AnswersTheViewAndListShowsIt()
    {
        await using var broker = await BrokerFixture.StartAsync(Ct);
        await broker.NewTenantAsync("vision", Ct);

        var response = await PutAsync(broker, "vision", """{"nominal":{"A100-80G":8,"cpu":64},"borrowingLimit":{"A100-80G":4},"cohort":"research","weight":2}""");

        response.StatusCode.ShouldBe(System.Net.HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Ct));
        var view = (await response.Content.ReadFromJsonAsync<TenantView>(BrokerFixture.Json, Ct))!;
        (view.Nominal["A100-80G"], view.Nominal["cpu"], view.BorrowingLimit["A100-80G"], view.Cohort, view.Weight).ShouldBe((8.0, 64.0, 4.0, "research", 2.0));
        var listed = (await broker.Admin.GetFromJsonAsync<TenantList>("/v1/tenants", BrokerFixture.Json, Ct))!.Tenants.Single(t => t.Name == "vision");
        (listed.Cohort, listed.Weight, listed.Nominal.Count).ShouldBe(("research", 2.0, 2));
    }

    [Fact]
    public async Task Put_CohortAbsentThenNull_KeepsItThenLeavesIt()
    {
        await using var broker = await BrokerFixture.StartAsync(Ct);
        await broker.NewTenantAsync("vision", Ct);
        await PutAsync(broker, "vision", """{"cohort":"research","nominal":{"T4":2}}""");

        var kept = await (await PutAsync(broker, "vision", """{"weight":3}""")).Content.ReadFromJsonAsync<TenantView>(BrokerFixture.Json, Ct);
        var left = await (await PutAsync(broker, "vision", """{"cohort":null}""")).Content.ReadFromJsonAsync<TenantView>(BrokerFixture.Json, Ct);

        (kept!.Cohort, kept.Weight, kept.Nominal["T4"]).ShouldBe(("research", 3.0, 2.0));
        (left!.Cohort, left.Weight, left.Nominal["T4"]).ShouldBe(((string?)null, 3.0, 2.0));
    }

    [Theory]
    [InlineData("""{"nominal":{"bad name":1}}""", "nominal.bad name")]
    [InlineData("""{"nominal":{"A100-80G":-1}}""", "nominal.A100-80G")]
    [InlineData("""{"borrowingLimit":{"cpu":-0.5}}""", "borrowingLimit.cpu")]
    [InlineData("""{"nominal":{"cpu":"lots"}}""", "nominal.cpu")]
    [InlineData("""{"weight":0}""", "weight")]
    [InlineData("""{"weight":-2}""", "weight")]
    [InlineData("""{"cohort":"no spaces"}""", "cohort")]
    [InlineData("""{"quota":{"T4":1}}""", "quota")]
    [InlineData("""[1,2]""", "body")]
    public async Task Put_InvalidField_Is400NamingTheField(string body, string field)
    {
        await using var broker = await BrokerFixture.StartAsync(Ct);
        await broker.NewTenantAsync("vision", Ct);

        var response = await PutAsync(broker, "vision", body);

        (await response.ShouldBeProblemAsync(400, Ct)).Fields().ShouldContain(field);
    }

    [Fact]
    public async Task Put_UnknownTenant_Is404()
    {
        await using var broker = await BrokerFixture.StartAsync(Ct);

        var response = await PutAsync(broker, "ghost", """{"weight":2}""");

        await response.ShouldBeProblemAsync(404, Ct);
    }

    [Fact]
    public async Task Put_WithTenantToken_Is403()
    {
        await using var broker = await BrokerFixture.StartAsync(Ct);
        var tenant = await broker.NewTenantAsync("vision", Ct);

        var response = await tenant.PutAsync("/v1/tenants/vision", new StringContent("""{"weight":9}""", Encoding.UTF8, "application/json"), Ct);

        await response.ShouldBeProblemAsync(403, Ct);
    }

    private static Task<HttpResponseMessage> PutAsync(BrokerFixture broker, string name, string json) =>
        broker.Admin.PutAsync($"/v1/tenants/{name}", new StringContent(json, Encoding.UTF8, "application/json"), Ct);
}
