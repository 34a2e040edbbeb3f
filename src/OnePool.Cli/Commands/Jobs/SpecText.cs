using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using OnePool.Core.Specs;

namespace OnePool.Cli.Commands.Jobs;

/// <summary>Shows a <see cref="JobSpec"/> as YAML-like <c>key: value</c> lines (unset fields omitted; lists of scalars
/// inline in brackets; multi-line scripts as <c>|</c> blocks).</summary>
internal static class SpecText
{
    /// <summary>Renders <paramref name="spec"/>, each line indented by <paramref name="indent"/> spaces.</summary>
    public static string Render(JobSpec spec, int indent)
    {
        var node = JsonSerializer.SerializeToNode(spec, JobSpecReader.JsonOptions) as JsonObject;
        var text = new StringBuilder();
        Write(text, node ?? [], indent);
        return text.ToString();
    }

    private static void Write(StringBuilder text, JsonObject obj, int indent)
    {
        var pad = new string(' ', indent);
        foreach (var (key, value) in obj)
        {
            switch (value)
            {
                case null:
                    break;
                case JsonObject child when child.Count == 0:
                    break;
                case JsonObject child:
                    text.Append(pad).Append(key).Append(":\n");
                    Write(text, child, indent + 2);
                    break;
                case JsonArray array:
                    text.Append(pad).Append(key).Append(": [").AppendJoin(", ", array.Select(Scalar)).Append("]\n");
                    break;
                default:
                    var scalar = Scalar(value);
                    if (scalar.Contains('\n', StringComparison.Ordinal))
                    {
                        text.Append(pad).Append(key).Append(": |\n");
                        foreach (var line in scalar.TrimEnd('\n').Split('\n'))
                        {
                            text.Append(pad).Append("  ").Append(line).Append('\n');
                        }
                    }
                    else
                    {
                        text.Append(pad).Append(key).Append(": ").Append(scalar).Append('\n');
                    }

                    break;
            }
        }
    }

    private static string Scalar(JsonNode? node) => node switch
    {
        null => "null",
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        _ => node.ToJsonString(),
    };
}
