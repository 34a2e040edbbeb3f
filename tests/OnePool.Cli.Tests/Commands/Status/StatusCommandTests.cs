using OnePool.Cli.Config;
using Shouldly;

namespace OnePool.Cli.Tests.Commands.Status;

public sealed class StatusCommandTests
{
    private readonly CliHarness _cli = new();

    [Fact]
    public async Task Status_TwoReplicas_ShowsTheLeaderAndMarksTheOneThatAnswered()
    {
        var now = _cli.Time.GetUtcNow();
        _cli.Broker.OnJson("GET /v1/status", $$"""
            {"replica":"b-2","url":"http://b:7070","role":"standby","store":"postgres",
             "leader":{"replica":"a-1","url":"http://a:7070","term":3,"since":"{{now.AddMinutes(-5):O}}","expiresAt":"{{now.AddSeconds(6):O}}"},
             "replicas":[{"replica":"a-1","url":"http://a:7070","role":"leader","seenAt":"{{now.AddSeconds(-1):O}}"},
                         {"replica":"b-2","url":"http://b:7070","role":"standby","seenAt":"{{now.AddSeconds(-2):O}}"}]}
            """);

        var (exitCode, output, error) = await _cli.RunAsync("status");

        (exitCode, error).ShouldBe((0, ""));
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines[0].ShouldStartWith("leader: http://a:7070 (term 3, since ");
        lines[0].ShouldEndWith("store postgres)");
        lines[1].ShouldMatch(@"^URL\s+ROLE\s+SEEN\s+REPLICA$");
        lines[2].ShouldMatch(@"^http://a:7070\s+leader\s+1s ago\s+a-1$");
        lines[3].ShouldMatch(@"^http://b:7070 \*\s+standby\s+2s ago\s+b-2$");
    }

    [Fact]
    public async Task Status_NoLeader_SaysSo()
    {
        _cli.Broker.OnJson("GET /v1/status", """{"replica":"b-2","url":"http://b:7070","role":"standby","store":"postgres","leader":null,"replicas":[]}""");

        var (exitCode, output, _) = await _cli.RunAsync("status");

        exitCode.ShouldBe(0);
        output.ShouldStartWith("leader: none elected right now");
    }

    [Fact]
    public void Resolve_SeveralUrls_KeepsThemInOrder()
    {
        var config = CliConfig.Resolve("http://a:7070, http://b:7070", "tok", _ => null);

        config.Urls.ShouldBe([new Uri("http://a:7070"), new Uri("http://b:7070")]);
        config.Url.ShouldBe(new Uri("http://a:7070"));
    }

    [Fact]
    public void Resolve_OneBadUrlAmongSeveral_NamesIt()
    {
        Should.Throw<CliConfigException>(() => CliConfig.Resolve("http://a:7070,ftp://b", "tok", _ => null))
            .Message.ShouldBe("'ftp://b' is not a broker URL; write e.g. http://127.0.0.1:7070");
    }
}
