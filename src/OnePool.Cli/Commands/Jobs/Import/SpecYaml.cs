using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using OnePool.Core.Specs;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace OnePool.Cli.Commands.Jobs.Import;

/// <summary>Writes a <see cref="JobSpec"/> as a YAML document that <see cref="JobSpecReader"/> reads back to the same
/// spec: multi-line scripts as literal blocks, strings that YAML would read as something else (<c>8</c>, <c>true</c>,
/// <c>~</c>) quoted, unset fields left out.</summary>
internal static class SpecYaml
{
    /// <summary>The YAML text of <paramref name="spec"/>.</summary>
    public static string Write(JobSpec spec)
    {
        var node = JsonSerializer.SerializeToNode(spec, JobSpecReader.JsonOptions);
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        var emitter = new Emitter(text, new EmitterSettings().WithMaxSimpleKeyLength(1024).WithBestWidth(int.MaxValue));
        emitter.Emit(new StreamStart());
        emitter.Emit(new DocumentStart());
        Emit(emitter, node);
        emitter.Emit(new DocumentEnd(isImplicit: true));
        emitter.Emit(new StreamEnd());
        return text.ToString();
    }

    private static void Emit(IEmitter emitter, JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                emitter.Emit(new MappingStart());
                foreach (var (key, value) in obj)
                {
                    emitter.Emit(new Scalar(key));
                    Emit(emitter, value);
                }

                emitter.Emit(new MappingEnd());
                break;
            case JsonArray array:
                emitter.Emit(new SequenceStart(null, null, isImplicit: true, SequenceStyle.Any));
                foreach (var item in array)
                {
                    Emit(emitter, item);
                }

                emitter.Emit(new SequenceEnd());
                break;
            case JsonValue value when value.TryGetValue<string>(out var s):
                var style = s.Contains('\n', StringComparison.Ordinal) ? ScalarStyle.Literal
                    : ReadsAsSomethingElse(s) ? ScalarStyle.DoubleQuoted : ScalarStyle.Any;
                emitter.Emit(new Scalar(null, null, s, style, isPlainImplicit: true, isQuotedImplicit: true));
                break;
            case null:
                emitter.Emit(new Scalar("null"));
                break;
            default:
                emitter.Emit(new Scalar(node.ToJsonString()));
                break;
        }
    }

    /// <summary>True when a plain scalar with this text would not read back as a string (JobSpecReader uses the YAML
    /// 1.2 core schema: null, booleans and numbers).</summary>
    private static bool ReadsAsSomethingElse(string s) =>
        s.Length == 0 || s is "~" or "null" or "Null" or "NULL" or "true" or "True" or "TRUE" or "false" or "False" or "FALSE"
        || double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out _)
        || long.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _);
}
