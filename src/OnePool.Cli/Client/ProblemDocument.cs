using System.Net;
using System.Text.Json;

namespace OnePool.Cli.Client;

/// <summary>An RFC 9457 problem document as the broker sends it.</summary>
/// <param name="Type">Problem type URI.</param>
/// <param name="Title">Short summary.</param>
/// <param name="Status">HTTP status.</param>
/// <param name="Detail">Explanation of this occurrence.</param>
/// <param name="Errors">Bad input by field, for 400s.</param>
internal sealed record ProblemDocument(
    string? Type, string? Title, int? Status, string? Detail, IReadOnlyDictionary<string, string[]>? Errors)
{
    /// <summary>The message for a failed reply: 401 gets advice, anything else <c>title: detail</c> then the
    /// <c>field: message</c> pairs; a body that is no problem document is quoted briefly.</summary>
    public static string Describe(HttpStatusCode status, string? body)
    {
        if (status == HttpStatusCode.Unauthorized)
        {
            return "the broker refused the token (401): check ONEPOOL_TOKEN or run `onepool login`";
        }

        var problem = TryParse(body);
        if (problem is null || (string.IsNullOrWhiteSpace(problem.Title) && string.IsNullOrWhiteSpace(problem.Detail) && problem.Errors is not { Count: > 0 }))
        {
            var text = OneLine(body ?? "");
            var head = $"the broker answered {(int)status} {ReasonOf(status)}";
            return text.Length == 0 ? head : $"{head}: {(text.Length > 200 ? text[..200] + "..." : text)}";
        }

        var parts = new List<string> { NonEmpty(problem.Title) ?? $"{(int)status} {ReasonOf(status)}" };
        var errors = problem.Errors is { Count: > 0 } map
            ? string.Join("; ", map.SelectMany(e => e.Value.Select(m => e.Key.Length == 0 ? m : $"{e.Key}: {m}")))
            : null;
        if (NonEmpty(problem.Detail) is { } detail && detail != parts[0] && (errors is null || !detail.Contains(errors, StringComparison.Ordinal)))
        {
            parts.Add(detail);
        }

        if (errors is { Length: > 0 } && !parts.Any(p => p.Contains(errors, StringComparison.Ordinal)))
        {
            parts.Add(errors);
        }

        return OneLine(string.Join(": ", parts));
    }

    /// <summary>Collapses line breaks and runs of spaces so a message stays on one line.</summary>
    public static string OneLine(string text) =>
        string.Join(' ', text.Split((char[])['\r', '\n', '\t', ' '], StringSplitOptions.RemoveEmptyEntries));

    private static ProblemDocument? TryParse(string? body)
    {
        if (string.IsNullOrWhiteSpace(body) || !body.TrimStart().StartsWith('{'))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<ProblemDocument>(body, BrokerClient.Json);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? NonEmpty(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    private static string ReasonOf(HttpStatusCode status) => status switch
    {
        HttpStatusCode.BadRequest => "Bad Request",
        HttpStatusCode.Forbidden => "Forbidden",
        HttpStatusCode.NotFound => "Not Found",
        HttpStatusCode.Conflict => "Conflict",
        HttpStatusCode.InternalServerError => "Internal Server Error",
        HttpStatusCode.BadGateway => "Bad Gateway",
        HttpStatusCode.ServiceUnavailable => "Service Unavailable",
        _ => status.ToString(),
    };
}
