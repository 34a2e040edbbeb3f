using System.Net;
using OnePool.Contracts.Tenants;
using Shouldly;

namespace OnePool.Cli.Tests.Commands.Tenants;

public sealed class TenantsSetTests
{
    private readonly CliHarness _cli = new();

    [Theory]
    [InlineData("--quota", "A100=x")]
    [InlineData("--quota", "A100")]
    [InlineData("--quota", "bad name=1")]
    [InlineData("--borrowing-limit", "cpu=-1")]
    [InlineData("--weight", "0")]
    [InlineData("--weight", "heavy")]
    [InlineData("--cohort", "no spaces")]
    public async Task Set_MalformedOption_PrintsOneErrorLineNamingItAndExits2(string option, string value)
    {
        var (exitCode, output, error) = await _cli.RunAsync("tenants", "set", "vision", option, value);

        exitCode.ShouldBe(2);
        output.ShouldBeEmpty();
        error.ShouldStartWith($"error: {option}: ");
        error.TrimEnd('\n').ShouldNotContain("\n");
        _cli.Broker.Requests.ShouldBeEmpty();
    }

    [Fact]
    public async Task Set_CohortAndNoCohort_Exits2()
    {
        var (exitCode, _, error) = await _cli.RunAsync("tenants", "set", "vision", "--cohort", "lab", "--no-cohort");

        exitCode.ShouldBe(2);
        error.ShouldBe("error: --cohort and --no-cohort contradict each other; give one\n");
    }

    [Fact]
    public async Task Set_NothingGiven_Exits2()
    {
        var (exitCode, _, error) = await _cli.RunAsync("tenants", "set", "vision");

        exitCode.ShouldBe(2);
        error.ShouldStartWith("error: nothing to set");
    }

    [Fact]
    public async Task Set_QuotasAndNoCohort_SendsOnlyThoseFieldsAndPrintsTheTenant()
    {
        var view = new TenantView("vision", Samples.Now) { Nominal = new Dictionary<string, double> { ["A100-80G"] = 8, ["cpu"] = 64 } };
        _cli.Broker.OnJson("PUT /v1/tenants/vision", Commands.CliAppTests.Json(view));

        var (exitCode, output, _) = await _cli.RunAsync("tenants", "set", "vision", "--quota", "A100-80G=8", "--quota", "cpu=64", "--no-cohort");

        exitCode.ShouldBe(0);
        _cli.Broker.Requests.Single().Body.ShouldBe("""{"nominal":{"A100-80G":8,"cpu":64},"cohort":null}""");
        output.ShouldBe("TENANT  COHORT  WEIGHT  QUOTA               USAGE\nvision  -       1       A100-80G:8, cpu:64  -\n");
    }

    [Fact]
    public async Task Set_BrokerSaysUnknownTenant_Exits1WithItsMessage()
    {
        _cli.Broker.On("PUT /v1/tenants/ghost", (_, _) => TestKit.Http.StubHttpHandler.Problem(HttpStatusCode.NotFound, "not found", "there is no tenant ghost"));

        var (exitCode, _, error) = await _cli.RunAsync("tenants", "set", "ghost", "--weight", "2");

        exitCode.ShouldBe(1);
        error.ShouldBe("error: not found: there is no tenant ghost\n");
        _cli.Broker.Requests.Single().Body.ShouldBe("""{"weight":2}""");
    }
}
