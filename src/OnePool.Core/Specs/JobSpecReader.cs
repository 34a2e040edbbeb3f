using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace OnePool.Core.Specs;

/// <summary>Reads a <see cref="JobSpec"/> from YAML or JSON text, refusing unknown fields and hostile documents
/// (over 1 MiB, more than 100,000 nodes after aliases, nesting deeper than 64) with a located, one-line error.</summary>
public static class JobSpecReader
{
    /// <summary>Largest accepted document, in characters.</summary>
    public const int MaxDocumentLength = 1024 * 1024;

    private const int MaxNodes = 100_000;
    private const int MaxDepth = 64;

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
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            var inner = e.InnerException?.Message ?? e.Message;
            return (null, new SpecError("", $"invalid YAML at line {e.Start.Line}, column {e.Start.Column}: {FirstSentence(inner)}"));
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException)
        {
            // YamlDotNet throws these, not YamlException, on some broken documents (found by the fuzzing property).
            return (null, new SpecError("", $"invalid YAML: {FirstSentence(e.Message)}"));
        }

        if (stream.Documents.Count != 1)
        {
            return (null, new SpecError("", stream.Documents.Count == 0 ? "the document is empty" : "expected one YAML document, found several"));
        }

        var budget = MaxNodes;
        try
        {
            return (Convert(stream.Documents[0].RootNode, 0, ref budget), null);
        }
        catch (InvalidDataException e)
        {
            return (null, new SpecError("", e.Message));
        }
    }

    private static JsonNode? Convert(YamlNode node, int depth, ref int budget)
    {
        if (--budget < 0)
        {
            throw new InvalidDataException($"the document has more than {MaxNodes} values (after expanding aliases)");
        }

        if (depth > MaxDepth)
        {
            throw new InvalidDataException($"the document is nested deeper than {MaxDepth} levels");
        }

        switch (node)
        {
            case YamlMappingNode map:
                var obj = new JsonObject();
                foreach (var (key, value) in map.Children)
                {
                    if (key is not YamlScalarNode { Value: { } name })
                    {
                        throw new InvalidDataException($"line {key.Start.Line}: keys must be plain names");
                    }

                    if (obj.ContainsKey(name))
                    {
                        throw new InvalidDataException($"line {key.Start.Line}, column {key.Start.Column}: '{name}' is given twice");
                    }

                    obj[name] = Convert(value, depth + 1, ref budget);
                }

                return obj;
            case YamlSequenceNode seq:
                var array = new JsonArray();
                foreach (var item in seq.Children)
                {
                    array.Add(Convert(item, depth + 1, ref budget));
                }

                return array;
            case YamlScalarNode scalar:
                return Scalar(scalar);
            default:
                throw new InvalidDataException($"line {node.Start.Line}: unsupported YAML node");
        }
    }

    private static JsonValue? Scalar(YamlScalarNode scalar)
    {
        var value = scalar.Value ?? "";
        if (scalar.Style is ScalarStyle.SingleQuoted or ScalarStyle.DoubleQuoted or ScalarStyle.Literal or ScalarStyle.Folded)
        {
            return JsonValue.Create(value);
        }

        // YAML 1.2 core schema for plain scalars.
        switch (value)
        {
            case "" or "~" or "null" or "Null" or "NULL":
                return null;
            case "true" or "True" or "TRUE":
                return JsonValue.Create(true);
            case "false" or "False" or "FALSE":
                return JsonValue.Create(false);
        }

        if (long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l))
        {
            return JsonValue.Create(l);
        }

        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d) && value.Any(char.IsAsciiDigit))
        {
            return JsonValue.Create(d);
        }

        return JsonValue.Create(value);
    }

    private static string FirstSentence(string message)
    {
        var line = message.Split('\n')[0].Trim();
        var cut = line.IndexOf(". ", StringComparison.Ordinal);
        return cut > 0 ? line[..cut] : line.TrimEnd('.');
    }
}
