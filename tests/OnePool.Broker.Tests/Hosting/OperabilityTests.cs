using System.Text.Json;
using Shouldly;
using Xunit;

namespace OnePool.Broker.Tests.Hosting;

public sealed class OperabilityTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task HealthAndReadiness_AnswerWithoutAToken()
    {
        await using var broker = await BrokerFixture.StartAsync(Ct);

        (await broker.Anonymous.GetStringAsync("/healthz", Ct)).ShouldBe("ok");
        (await broker.Anonymous.GetStringAsync("/readyz", Ct)).ShouldBe("ready");
    }

    [Fact]
    public async Task Metrics_ExposeTheBrokersSeries()
    {
        await using var broker = await BrokerFixture.StartAsync(Ct);
        await broker.Admin.PostAsync("/v1/jobs", new StringContent("run: x\n"), Ct);

        var text = "";
        var watch = System.Diagnostics.Stopwatch.StartNew();
        while (!text.Contains("onepool_jobs{state=\"pending\"} 1", StringComparison.Ordinal) && watch.Elapsed < TimeSpan.FromSeconds(20))
        {
            text = await broker.Anonymous.GetStringAsync("/metrics", Ct);
            await Task.Delay(TimeSpan.FromMilliseconds(100), Ct); // poll interval within the deadline
        }

        text.ShouldContain("onepool_jobs{state=\"pending\"} 1");
        text.ShouldContain("onepool_scheduling_cycle_duration_seconds");
    }

    /// <summary>The published API is reviewed like code: any change to it shows up as a changed approved file
    /// (set ONEPOOL_APPROVE=1 to accept it). The server address, which changes every run, is left out.</summary>
    [Fact]
    public async Task OpenApi_Document_MatchesApproved()
    {
        await using var broker = await BrokerFixture.StartAsync(Ct);

        var doc = System.Text.Json.Nodes.JsonNode.Parse(await broker.Anonymous.GetStringAsync("/openapi/v1.json", Ct))!.AsObject();
        doc.Remove("servers");

        OnePool.TestKit.Approvals.Approvals.Verify(doc.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
    }

    [Fact]
    public async Task OpenApi_DocumentListsTheJobEndpoints()
    {
        await using var broker = await BrokerFixture.StartAsync(Ct);

        var doc = JsonDocument.Parse(await broker.Anonymous.GetStringAsync("/openapi/v1.json", Ct)).RootElement;

        var paths = doc.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        paths.ShouldContain("/v1/jobs");
        paths.ShouldContain("/v1/jobs/{id}");
        paths.ShouldContain("/v1/agents/lease");
    }
}
