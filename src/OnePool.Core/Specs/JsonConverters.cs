using System.Text.Json;
using System.Text.Json.Serialization;

namespace OnePool.Core.Specs;

/// <summary>Reads a JSON string or number as its text, so <c>cpu: 2</c> and <c>cpu: "500m"</c> both work.</summary>
public sealed class ScalarAsStringConverter : JsonConverter<string>
{
    /// <inheritdoc/>
    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType switch
        {
            JsonTokenType.String => reader.GetString(),
            JsonTokenType.Number => System.Text.Encoding.UTF8.GetString(reader.ValueSpan),
            JsonTokenType.Null => null,
            _ => throw new JsonException("must be a number or a string"),
        };

    /// <inheritdoc/>
    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(value);
    }
}

/// <summary>Reads either one string or an array of strings, so <c>accelerators: T4:1</c> and a list both work.</summary>
public sealed class OneOrManyStringsConverter : JsonConverter<IList<string>>
{
    private const int MaxItems = 64;

    /// <inheritdoc/>
    public override IList<string>? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return null;
            case JsonTokenType.String:
                return [reader.GetString()!];
            case JsonTokenType.StartArray:
                var items = new List<string>();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    if (reader.TokenType != JsonTokenType.String)
                    {
                        throw new JsonException("must be a string or a list of strings");
                    }

                    items.Add(reader.GetString()!);
                    if (items.Count > MaxItems)
                    {
                        throw new JsonException($"has more than {MaxItems} items");
                    }
                }

                return items;
            default:
                throw new JsonException("must be a string or a list of strings");
        }
    }

    /// <inheritdoc/>
    public override void Write(Utf8JsonWriter writer, IList<string> value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        writer.WriteStartArray();
        foreach (var item in value)
        {
            writer.WriteStringValue(item);
        }

        writer.WriteEndArray();
    }
}

/// <summary>Reads a mapping whose values are scalars (strings, numbers, booleans) as strings, so <c>PORT: 8080</c> works in env.</summary>
public sealed class ScalarMapConverter : JsonConverter<IDictionary<string, string>>
{
    /// <inheritdoc/>
    public override IDictionary<string, string>? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("must be a mapping of names to values");
        }

        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var key = reader.GetString()!;
            reader.Read();
            map[key] = reader.TokenType switch
            {
                JsonTokenType.String => reader.GetString()!,
                JsonTokenType.Number => System.Text.Encoding.UTF8.GetString(reader.ValueSpan),
                JsonTokenType.True => "true",
                JsonTokenType.False => "false",
                JsonTokenType.Null => throw new JsonException($"'{key}' has no value; give one (for example with --env {key}=VALUE)"),
                _ => throw new JsonException($"'{key}' must be a string, number or boolean"),
            };
        }

        return map;
    }

    /// <inheritdoc/>
    public override void Write(Utf8JsonWriter writer, IDictionary<string, string> value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        writer.WriteStartObject();
        foreach (var (k, v) in value)
        {
            writer.WriteString(k, v);
        }

        writer.WriteEndObject();
    }
}
