using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using OnePool.Cli.Client;
using OnePool.Core.Specs;
using Shouldly;

namespace OnePool.Cli.Tests.Client;

/// <summary>
/// BrokerClient against a tiny real Kestrel server on 127.0.0.1. The server is a stand-in that returns canned
/// problem+json and malformed replies to test the client's error mapping over real HTTP; the real broker is covered
/// end to end elsewhere.
/// </summary>
public sealed class BrokerClientTests : IAsyncLifetime
{
    private WebApplication? _server;
    private string? _lastIdempotencyKey;
    private string? _lastAuthorization;

    public async ValueTask InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        _server = builder.Build();
        _server.MapGet("/v1/whoami", (HttpRequest r) =>
        {
            _lastAuthorization = r.Headers.Authorization.ToString();
            return r.Headers.Authorization == "Bearer good"
                ? Results.Json(new { role = "tenant", subject = "alice", brokerVersion = "0.1.0" })
                : Results.Problem(title: "Unauthorized", statusCode: 401);
        });
        _server.MapGet("/v1/jobs/{id:long}", (long id) =>
            Results.Problem(title: "job not found", detail: $"there is no job {id}", statusCode: 404));
        _server.MapPost("/v1/jobs", (HttpRequest r) =>
        {
            _lastIdempotencyKey = r.Headers["Idempotency-Key"].ToString();
            return Results.ValidationProblem(
                new Dictionary<string, string[]> { ["resources.memory"] = ["'12Q' is not a memory size"] }, title: "invalid job spec");
        });
        _server.MapGet("/v1/pool", () => Results.Text("{\"rows\": [", "application/json"));
        _server.MapGet("/v1/sites", () => Results.Text("<html>oops</html>", "text/html", statusCode: 502));
        await _server.StartAsync(TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    [Fact]
    public async Task WhoAmIAsync_GoodToken_ReturnsIdentityAndSendsBearer()
    {
        using var client = CreateSut("good");

        var who = await client.WhoAmIAsync(TestContext.Current.CancellationToken);

        who.Subject.ShouldBe("alice");
        _lastAuthorization.ShouldBe("Bearer good");
    }

    [Fact]
    public async Task WhoAmIAsync_BadToken_ThrowsTokenAdvice()
    {
        using var client = CreateSut("bad");

        var error = await Should.ThrowAsync<BrokerException>(() => client.WhoAmIAsync(TestContext.Current.CancellationToken));

        error.StatusCode.ShouldBe(401);
        error.Message.ShouldBe("the broker refused the token (401): check ONEPOOL_TOKEN or run `onepool login`");
    }

    [Fact]
    public async Task GetJobAsync_NotFound_ThrowsTitleAndDetail()
    {
        using var client = CreateSut("good");

        var error = await Should.ThrowAsync<BrokerException>(() => client.GetJobAsync(99, TestContext.Current.CancellationToken));

        error.Message.ShouldBe("job not found: there is no job 99");
    }

    [Fact]
    public async Task SubmitJobAsync_ValidationProblem_ThrowsFieldErrorsAndSendsTheKey()
    {
        using var client = CreateSut("good");
        var spec = new JobSpec { Command = ["true"], Resources = new ResourceSpec { Memory = "12Q" } };

        var error = await Should.ThrowAsync<BrokerException>(() => client.SubmitJobAsync(spec, "key-1", TestContext.Current.CancellationToken));

        error.StatusCode.ShouldBe(400);
        error.Message.ShouldBe("invalid job spec: resources.memory: '12Q' is not a memory size");
        _lastIdempotencyKey.ShouldBe("key-1");
    }

    [Fact]
    public async Task GetPoolAsync_TruncatedJson_ThrowsOneLineError()
    {
        using var client = CreateSut("good");

        var error = await Should.ThrowAsync<BrokerException>(() => client.GetPoolAsync(TestContext.Current.CancellationToken));

        error.Message.ShouldStartWith("the broker's reply to GET /v1/pool is not what this CLI expects");
        error.Message.ShouldNotContain("\n");
    }

    [Fact]
    public async Task ListSitesAsync_HtmlErrorPage_ThrowsStatusAndText()
    {
        using var client = CreateSut("good");

        var error = await Should.ThrowAsync<BrokerException>(() => client.ListSitesAsync(TestContext.Current.CancellationToken));

        error.Message.ShouldBe("the broker answered 502 Bad Gateway: <html>oops</html>");
    }

    [Fact]
    public async Task WhoAmIAsync_NothingListening_ThrowsUnreachable()
    {
        var port = FreePort();
        using var client = new BrokerClient(new Uri($"http://127.0.0.1:{port}"), "good");

        var error = await Should.ThrowAsync<BrokerUnreachableException>(() => client.WhoAmIAsync(TestContext.Current.CancellationToken));

        error.Message.ShouldStartWith($"cannot reach the broker at http://127.0.0.1:{port}/: ");
        error.Message.ShouldEndWith("; is it running?");
    }

    [Fact]
    public async Task WhoAmIAsync_FirstReplicaDown_AsksTheNextAndStaysThere()
    {
        var dead = new Uri($"http://127.0.0.1:{FreePort()}");
        var live = new Uri(_server!.Urls.First());
        using var client = new BrokerClient([dead, live], "good");

        var who = await client.WhoAmIAsync(TestContext.Current.CancellationToken);

        who.Subject.ShouldBe("alice");
        client.BaseUrl.ShouldBe(new Uri(live.AbsoluteUri.TrimEnd('/') + "/"));
    }

    [Fact]
    public async Task WhoAmIAsync_EveryReplicaDown_NamesTheLastOneTried()
    {
        var ports = new[] { FreePort(), FreePort() };
        using var client = new BrokerClient([.. ports.Select(p => new Uri($"http://127.0.0.1:{p}"))], "good");

        var error = await Should.ThrowAsync<BrokerUnreachableException>(() => client.WhoAmIAsync(TestContext.Current.CancellationToken));

        error.Message.ShouldStartWith($"cannot reach the broker at http://127.0.0.1:{ports[1]}/: ");
    }

    [Fact]
    public async Task SubmitJobAsync_ReplicaAnswersWithAProblem_IsNotRetriedElsewhere()
    {
        var live = new Uri(_server!.Urls.First());
        using var client = new BrokerClient([live, new Uri($"http://127.0.0.1:{FreePort()}")], "good");

        await Should.ThrowAsync<BrokerException>(() => client.SubmitJobAsync(new JobSpec { Run = "true" }, "k1", TestContext.Current.CancellationToken));

        client.BaseUrl.ShouldBe(new Uri(live.AbsoluteUri.TrimEnd('/') + "/"));
        _lastIdempotencyKey.ShouldBe("k1");
    }

    private BrokerClient CreateSut(string token) => new(new Uri(_server!.Urls.First()), token);

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
