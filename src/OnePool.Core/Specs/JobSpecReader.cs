using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using OnePool.Core.Yaml;

namespace OnePool.Core.Specs;

/// <summary>Reads a <see cref="JobSpec"/> from YAML or JSON text, refusing unknown fields and hostile documents
/// (see <see cref="LocatedYaml"/>: over 1 MiB, more than 100,000 nodes after aliases, nesting deeper than 64) with a located, one-line error.</summary>
public static class JobSpecReader
{
    /// <summary>Largest accepted document, in characters.</summary>
    public const int MaxDocumentLength = 1024 * 1024;

    private const int MaxDepth = LocatedYaml.MaxDepth;

    /// <summary>The JSON options every OnePool component uses for specs: camelCase, unknown fields refused.</summary>
    public static JsonSerializerOptions JsonOptions { get; } = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        MaxDepth = MaxDepth,
    };

    /// <summary>Parses <paramref name="text"/>, JSON when it starts with '{', YAML otherwise (JSON is YAML too, but
    /// the JSON reader gives better messages for it).</summary>
    public static (JobSpec? Spec, SpecError? Error) Read(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length > MaxDocumentLength)
        {
            return (null, new SpecError("", $"the document is larger than {MaxDocumentLength / 1024} KiB"));
        }

        JsonNode? node;
        if (text.TrimStart().StartsWith('{'))
        {
            try
            {
                node = JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { MaxDepth = MaxDepth });
            }
            catch (JsonException e)
            {
                return (null, new SpecError("", $"invalid JSON at line {(e.LineNumber ?? 0) + 1}, column {(e.BytePositionInLine ?? 0) + 1}: {FirstSentence(e.Message)}"));
            }
            catch (ArgumentException)
            {
                // System.Text.Json refuses to transcode a lone UTF-16 surrogate (found by the hostile-document property).
                return (null, new SpecError("", "invalid JSON: the text is not valid Unicode (it holds a lone surrogate)"));
            }
        }
        else
        {
            var (yamlNode, error) = YamlToJson(text);
            if (error is not null)
            {
                return (null, error);
            }

            node = yamlNode;
        }

        return FromJsonNode(node);
    }

    /// <summary>Binds an already parsed JSON document to a spec.</summary>
    public static (JobSpec? Spec, SpecError? Error) FromJsonNode(JsonNode? node)
    {
        if (node is not JsonObject)
        {
            return (null, new SpecError("", "a job spec must be a mapping of fields (name, resources, run, ...)"));
        }

        try
        {
            return (node.Deserialize<JobSpec>(JsonOptions), null);
        }
        catch (JsonException e)
        {
            return (null, FromJsonException(e));
        }
    }

    /// <summary>Turns a System.Text.Json error into a field-named error: <c>$.resources.cpu</c> becomes <c>resources.cpu</c>.</summary>
    public static SpecError FromJsonException(JsonException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var path = (exception.Path ?? "$").TrimStart('$').TrimStart('.');
        var message = exception.Message;
        if (message.Contains("could not be mapped", StringComparison.Ordinal))
        {
            // "The JSON property 'foo' could not be mapped to any .NET member contained in type ..."
            var start = message.IndexOf('\'', StringComparison.Ordinal);
            var end = start < 0 ? -1 : message.IndexOf('\'', start + 1);
            var name = end > start ? message[(start + 1)..end] : "?";
            var field = path.EndsWith(name, StringComparison.Ordinal) ? path : (path.Length == 0 ? name : $"{path}.{name}");
            return new SpecError(field, "is not a known field (see docs/jobspec.md)");
        }

        if (message.StartsWith("The JSON value could not be converted", StringComparison.Ordinal))
        {
            return new SpecError(path, "has the wrong type (see docs/jobspec.md)");
        }

        return new SpecError(path, FirstSentence(message));
    }

    private static (JsonNode? Node, SpecError? Error) YamlToJson(string text)
    {
        var (document, error) = LocatedYaml.Parse(text);
        return error is null ? (document!.Root, null) : (null, new SpecError("", error.Message));
    }

    private static string FirstSentence(string message)
    {
        var line = message.Split('\n')[0].Trim();
        var cut = line.IndexOf(". ", StringComparison.Ordinal);
        return cut > 0 ? line[..cut] : line.TrimEnd('.');
    }
}
