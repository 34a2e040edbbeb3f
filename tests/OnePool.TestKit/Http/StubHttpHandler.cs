using System.Collections.Concurrent;
using System.Net;
using System.Text;

namespace OnePool.TestKit.Http;

/// <summary>
/// An in-memory HTTP transport for testing clients: each route (<c>"GET /v1/jobs/42"</c>, matched on method and path
/// with query) answers with a canned reply, and every request is recorded. Unrouted requests get 404 problem+json.
/// </summary>
public sealed class StubHttpHandler : HttpMessageHandler
{
    private readonly ConcurrentDictionary<string, Func<HttpRequestMessage, string?, HttpResponseMessage>> _routes = new(StringComparer.Ordinal);

    /// <summary>Requests received, in order, with their bodies.</summary>
    public ConcurrentQueue<(HttpRequestMessage Request, string? Body)> Requests { get; } = new();

    /// <summary>Answers <paramref name="route"/> (<c>METHOD /path?query</c>) with <paramref name="reply"/>, given the request and its body.</summary>
    public StubHttpHandler On(string route, Func<HttpRequestMessage, string?, HttpResponseMessage> reply)
    {
        _routes[route] = reply;
        return this;
    }

    /// <summary>Answers <paramref name="route"/> with <paramref name="json"/> and <paramref name="status"/>.</summary>
    public StubHttpHandler OnJson(string route, string json, HttpStatusCode status = HttpStatusCode.OK) =>
        On(route, (_, _) => Json(json, status));

    /// <summary>A JSON reply.</summary>
    public static HttpResponseMessage Json(string json, HttpStatusCode status = HttpStatusCode.OK, string mediaType = "application/json") =>
        new(status) { Content = new StringContent(json, Encoding.UTF8, mediaType) };

    /// <summary>An RFC 9457 problem reply.</summary>
    public static HttpResponseMessage Problem(HttpStatusCode status, string title, string? detail = null) =>
        Json(
            $$"""{"type":"about:blank","title":"{{title}}","status":{{(int)status}}{{(detail is null ? "" : $",\"detail\":\"{detail}\"")}}}""",
            status, "application/problem+json");

    /// <inheritdoc/>
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var body = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
        Requests.Enqueue((request, body));
        var route = $"{request.Method} {request.RequestUri!.PathAndQuery}";
        return _routes.TryGetValue(route, out var reply)
            ? reply(request, body)
            : Problem(HttpStatusCode.NotFound, "not found", $"no stub for {route}");
    }
}
