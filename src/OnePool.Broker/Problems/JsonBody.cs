using System.Text.Json;
using OnePool.Core.Specs;

namespace OnePool.Broker.Problems;

/// <summary>Reads a JSON body so that a malformed one is a 400 naming the field, never a 500.</summary>
internal static class JsonBody
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow,
        MaxDepth = 32,
    };

    public static async Task<(T? Value, Microsoft.AspNetCore.Http.HttpResults.ValidationProblem? Problem)> ReadAsync<T>(HttpRequest request, CancellationToken cancellationToken)
        where T : class
    {
        try
        {
            var value = await JsonSerializer.DeserializeAsync<T>(request.Body, Options, cancellationToken);
            return value is null ? (null, Problem.Invalid("body", "a JSON object is required")) : (value, null);
        }
        catch (JsonException e)
        {
            var error = JobSpecReader.FromJsonException(e);
            return (null, Problem.Invalid(error.Field.Length == 0 ? "body" : error.Field, error.Message));
        }
    }

    /// <summary>Reads a JSON object into <typeparamref name="T"/> and also returns the names of its top-level
    /// properties, so that an endpoint can tell an absent field from an explicit null.</summary>
    public static async Task<(T? Value, IReadOnlySet<string> Present, Microsoft.AspNetCore.Http.HttpResults.ValidationProblem? Problem)> ReadWithFieldsAsync<T>(
        HttpRequest request, CancellationToken cancellationToken)
        where T : class
    {
        var none = new HashSet<string>();
        try
        {
            using var document = await JsonDocument.ParseAsync(request.Body, new JsonDocumentOptions { MaxDepth = Options.MaxDepth }, cancellationToken);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return (null, none, Problem.Invalid("body", "a JSON object is required"));
            }

            var value = document.RootElement.Deserialize<T>(Options);
            var present = document.RootElement.EnumerateObject().Select(p => p.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
            return value is null ? (null, none, Problem.Invalid("body", "a JSON object is required")) : (value, present, null);
        }
        catch (JsonException e)
        {
            var error = JobSpecReader.FromJsonException(e);
            return (null, none, Problem.Invalid(error.Field.Length == 0 ? "body" : error.Field, error.Message));
        }
    }
}
