using OnePool.Contracts.Sites;
using Shouldly;

namespace OnePool.Cli.Tests.Commands.Sites;

public sealed class SitesSetTests
{
    private readonly CliHarness _cli = new();

    [Theory]
    [InlineData("--price", "T4=cheap")]
    [InlineData("--price", "T4=-1")]
    [InlineData("--ingress", "0")]
    [InlineData("--dataset", "bad name")]
    public async Task Set_MalformedOption_PrintsOneErrorLineNamingItAndExits2(string option, string value)
    {
        var (exitCode, output, error) = await _cli.RunAsync("sites", "set", "edge", option, value);

        exitCode.ShouldBe(2);
        output.ShouldBeEmpty();
        error.ShouldStartWith($"error: {option}: ");
        error.TrimEnd('\n').ShouldNotContain("\n");
        _cli.Broker.Requests.ShouldBeEmpty();
    }

    [Fact]
    public async Task Set_DrainAndUndrain_Exits2()
    {
        var (exitCode, _, error) = await _cli.RunAsync("sites", "set", "edge", "--drain", "--undrain");

        exitCode.ShouldBe(2);
        error.ShouldBe("error: --drain and --undrain contradict each other; give one\n");
    }

    [Fact]
    public async Task Set_PricesDatasetAndDrain_SendsOnlyThoseFields()
    {
        var view = new SiteView("edge", "process", 1, 1, new Dictionary<string, int> { ["T4"] = 2 }, Samples.Now.AddMinutes(-3), new Dictionary<string, string>())
        {
            Prices = new Dictionary<string, double> { ["T4"] = 0.35 }, Draining = true, Datasets = ["coco"],
        };
        _cli.Broker.OnJson("PUT /v1/sites/edge", Commands.CliAppTests.Json(view));

        var (exitCode, output, _) = await _cli.RunAsync("sites", "set", "edge", "--price", "T4=0.35", "--dataset", "coco", "--drain");

        exitCode.ShouldBe(0);
        _cli.Broker.Requests.Single().Body.ShouldBe("""{"prices":{"T4":0.35},"draining":true,"datasets":["coco"]}""");
        output.ShouldContain("T4:0.35  yes");
    }

    [Fact]
    public async Task Set_Undrain_SendsDrainingFalse()
    {
        _cli.Broker.OnJson("PUT /v1/sites/edge", Commands.CliAppTests.Json(new SiteView("edge", "process", 0, 0, new Dictionary<string, int>(), Samples.Now, new Dictionary<string, string>())));

        var (exitCode, _, _) = await _cli.RunAsync("sites", "set", "edge", "--undrain");

        exitCode.ShouldBe(0);
        _cli.Broker.Requests.Single().Body.ShouldBe("""{"draining":false}""");
    }
}
