using System.Net.Http.Json;
using OnePool.Broker.Leadership;
using OnePool.Contracts.Brokers;
using Shouldly;
using Xunit;

namespace OnePool.Broker.Tests.Leadership;

public sealed class LeadershipTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("http://0.0.0.0:5080", true)]
    [InlineData("http://[::]:5080", true)]
    [InlineData("http://+:5080", true)]
    [InlineData("http://127.0.0.1:5080", false)]
    [InlineData("http://broker-a.example.org:5080/", false)]
    public void Reachable_WildcardHost_BecomesTheHostName(string listening, bool replaced)
    {
        var url = LeaderElection.Reachable(listening);

        url.ShouldBe(replaced ? $"http://{System.Net.Dns.GetHostName().ToLowerInvariant()}:5080" : listening.TrimEnd('/'));
    }

    [Fact]
    public async Task Status_LoneSqliteBroker_LeadsAndListsItself()
    {
        await using var broker = await BrokerFixture.StartAsync(Ct);

        var status = (await broker.Admin.GetFromJsonAsync<BrokerStatus>("/v1/status", BrokerFixture.Json, Ct))!;

        (status.Role, status.Store).ShouldBe(("leader", "sqlite"));
        status.Leader.ShouldNotBeNull().Replica.ShouldBe(status.Replica);
        status.Leader.Url.ShouldBe(broker.Url.ToString().TrimEnd('/'));
        status.Leader.Term.ShouldBe(1);
        status.Replicas.ShouldHaveSingleItem().Role.ShouldBe("leader");
    }

    [Fact]
    public async Task Status_WithoutAToken_Is401()
    {
        await using var broker = await BrokerFixture.StartAsync(Ct);

        (await broker.Anonymous.GetAsync("/v1/status", Ct)).StatusCode.ShouldBe(System.Net.HttpStatusCode.Unauthorized);
    }
}
