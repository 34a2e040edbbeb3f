using System.Net;
using System.Text.Json;
using OnePool.Cli.Client;
using OnePool.Cli.Config;
using OnePool.Contracts.Jobs;
using OnePool.TestKit.Files;
using OnePool.TestKit.Http;
using Shouldly;

namespace OnePool.Cli.Tests.Commands;

public sealed class CliAppTests
{
    private readonly CliHarness _cli = new();

    [Fact]
    public async Task RunAsync_UnknownOption_PrintsOneErrorLineAndExits2()
    {
        var (exitCode, output, error) = await _cli.RunAsync("jobs", "--bogus");

        exitCode.ShouldBe(2);
        output.ShouldBeEmpty();
        error.ShouldBe("error: Unrecognized command or argument '--bogus' (see `onepool jobs --help`)\n");
    }

    [Fact]
    public async Task RunAsync_BadOutputFormat_PrintsOneErrorLineAndExits2()
    {
        var (exitCode, _, error) = await _cli.RunAsync("sites", "-o", "xml");

        exitCode.ShouldBe(2);
        error.ShouldStartWith("error: Argument 'xml' not recognized");
        error.TrimEnd('\n').ShouldNotContain("\n");
    }

    [Fact]
    public async Task RunAsync_NoBrokerConfigured_ExitsWithAdvice()
    {
        _cli.Env.Remove("ONEPOOL_URL");

        var (exitCode, _, error) = await _cli.RunAsync("jobs");

        exitCode.ShouldBe(2);
        error.ShouldBe("error: no broker configured: run `onepool login URL --token TOKEN`, set ONEPOOL_URL, or start `onepool dev`\n");
    }

    [Fact]
    public async Task RunAsync_BrokerRefusesToken_PrintsAdviceAndExits1()
    {
        _cli.Broker.On("GET /v1/jobs", (_, _) => StubHttpHandler.Problem(HttpStatusCode.Unauthorized, "Unauthorized"));

        var (exitCode, _, error) = await _cli.RunAsync("jobs");

        exitCode.ShouldBe(1);
        error.ShouldBe("error: the broker refused the token (401): check ONEPOOL_TOKEN or run `onepool login`\n");
    }

    [Fact]
    public async Task Jobs_StateFilter_IsSentAsQuery()
    {
        _cli.Broker.OnJson("GET /v1/jobs?state=pending%2Crunning&all=true", Json(Samples.JobList()));

        var (exitCode, output, _) = await _cli.RunAsync("jobs", "--state", "pending,running", "--all");

        exitCode.ShouldBe(0);
        output.ShouldStartWith("ID  NAME");
    }

    [Fact]
    public async Task Jobs_JsonOutput_IsTheJobList()
    {
        _cli.Broker.OnJson("GET /v1/jobs", Json(Samples.JobList()));

        var (_, output, _) = await _cli.RunAsync("jobs", "-o", "json");

        JsonSerializer.Deserialize<JobList>(output, BrokerClient.Json)!.Jobs.Select(j => j.Id).ShouldBe([3L, 2, 1, 7]);
    }

    [Fact]
    public async Task Cancel_OneUnknownId_ReportsItProcessesTheRestAndExits1()
    {
        _cli.Broker.OnJson("POST /v1/jobs/1/cancel", Json(Samples.Job(1, "cancelling")));
        _cli.Broker.On("POST /v1/jobs/2/cancel", (_, _) => StubHttpHandler.Problem(HttpStatusCode.NotFound, "job not found", "there is no job 2"));
        _cli.Broker.OnJson("POST /v1/jobs/3/cancel", Json(Samples.Job(3, "cancelled")));

        var (exitCode, output, error) = await _cli.RunAsync("cancel", "1", "2", "3");

        exitCode.ShouldBe(1);
        output.ShouldBe("job 1: cancelling\njob 3: cancelled\n");
        error.ShouldBe("error: job 2: job not found: there is no job 2\n");
    }

    [Fact]
    public async Task SitesAdd_Created_PrintsTokenOnceAndTheJoinCommand()
    {
        _cli.Broker.OnJson("POST /v1/sites", """{"name":"hpc-east","kind":"slurm","token":"s3cret"}""", HttpStatusCode.Created);

        var (exitCode, output, _) = await _cli.RunAsync("sites", "add", "hpc-east", "--kind", "slurm");

        exitCode.ShouldBe(0);
        output.ShouldContain("shown only this once");
        output.ShouldContain($"  onepool agent --broker {CliHarness.BrokerUrl} --token s3cret --config site.yaml\n");
        _cli.Broker.Requests.Single().Body.ShouldBe("""{"name":"hpc-east","kind":"slurm","labels":null}""");
    }

    [Fact]
    public async Task Login_TokenAccepted_SavesConfigAndSaysWhoAsWhom()
    {
        using var home = new TempDirectory();
        _cli.Env["ONEPOOL_CONFIG"] = home.Combine("onepool", "config.json");
        _cli.Broker.OnJson("GET /v1/whoami", """{"role":"tenant","subject":"alice","brokerVersion":"0.1.0"}""");

        var (exitCode, output, _) = await _cli.RunAsync("login", "http://b:7070", "--token", "tok");

        exitCode.ShouldBe(0);
        output.ShouldStartWith("logged in to http://b:7070/ as tenant alice");
        CliConfig.Load(home.Combine("onepool", "config.json")).ShouldBe(new ConfigFile("http://b:7070/", "tok"));
    }

    [Fact]
    public async Task Login_SeveralReplicaUrls_SavesThemAll()
    {
        using var home = new TempDirectory();
        _cli.Env["ONEPOOL_CONFIG"] = home.Combine("onepool", "config.json");
        _cli.Broker.OnJson("GET /v1/whoami", """{"role":"tenant","subject":"alice","brokerVersion":"0.1.0"}""");

        var (exitCode, output, _) = await _cli.RunAsync("login", "http://a:7070,http://b:7070", "--token", "tok");

        exitCode.ShouldBe(0);
        output.ShouldStartWith("logged in to http://a:7070/,http://b:7070/ as tenant alice");
        CliConfig.Load(home.Combine("onepool", "config.json")).ShouldBe(new ConfigFile("http://a:7070/,http://b:7070/", "tok"));
        CliConfig.Resolve(null, null, name => name == CliConfig.UrlVariable ? null : _cli.Env.GetValueOrDefault(name)).Urls.ShouldBe([new Uri("http://a:7070/"), new Uri("http://b:7070/")]);
    }

    internal static string Json<T>(T value) => JsonSerializer.Serialize(value, BrokerClient.Json);
}
