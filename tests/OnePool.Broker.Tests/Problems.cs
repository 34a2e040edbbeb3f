using System.Text.Json;
using Shouldly;

namespace OnePool.Broker.Tests;

/// <summary>Checks RFC 9457 answers.</summary>
internal static class Problems
{
    public static async Task<JsonElement> ShouldBeProblemAsync(this HttpResponseMessage response, int status, CancellationToken cancellationToken)
    {
        ((int)response.StatusCode).ShouldBe(status, await response.Content.ReadAsStringAsync(cancellationToken));
        response.Content.Headers.ContentType?.MediaType.ShouldBe("application/problem+json");
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken)).RootElement;
        body.GetProperty("status").GetInt32().ShouldBe(status);
        return body;
    }

    public static IEnumerable<string> Fields(this JsonElement problem) =>
        problem.TryGetProperty("errors", out var errors) ? errors.EnumerateObject().Select(p => p.Name) : [];
}
