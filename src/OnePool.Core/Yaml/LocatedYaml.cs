using System.Globalization;
using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace OnePool.Core.Yaml;

/// <summary>One YAML (or JSON) document read into a <see cref="JsonNode"/> tree, with the line of every key and item,
/// so importers can say where a field is. Reading is safe on hostile text: the document is read as a stream of parser
/// events with an explicit stack (nothing recursive that deep nesting could overflow), at most
/// <see cref="MaxDocumentLength"/> characters, <see cref="MaxDepth"/> levels and <see cref="MaxNodes"/> values counted
/// after expanding aliases (which stops billion-laughs documents early). Plain scalars follow the YAML 1.2 core schema
/// (null, booleans, integers, finite floats); <c>.nan</c> and <c>.inf</c> stay strings.</summary>
public sealed partial class LocatedYaml
{
    /// <summary>Largest accepted document, in characters.</summary>
    public const int MaxDocumentLength = 1024 * 1024;

    /// <summary>Most values in the document, counting each alias as a copy of what it names.</summary>
    public const int MaxNodes = 100_000;

    /// <summary>Deepest nesting of mappings and sequences.</summary>
    public const int MaxDepth = 64;

    private readonly Dictionary<string, int> _lines;

    private LocatedYaml(JsonNode? root, Dictionary<string, int> lines)
    {
        Root = root;
        _lines = lines;
    }

    /// <summary>The document's root (null for a document that is only <c>null</c>).</summary>
    public JsonNode? Root { get; }

    /// <summary>The 1-based line of the key or item at <paramref name="path"/> (<c>resources.accelerators</c>,
    /// <c>tasks[1].replicas</c>), or of its nearest ancestor that has one; 0 when none is known.</summary>
    public int LineOf(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        for (var p = path; ; p = Parent(p))
        {
            if (_lines.TryGetValue(p, out var line))
            {
                return line;
            }

            if (p.Length == 0)
            {
                return 0;
            }
        }
    }

    /// <summary>Reads <paramref name="text"/>; gives the document, or an error with its location (line and column 0
    /// when the parser gives none). Empty documents (a stray <c>---</c> at the end) are skipped; more than one
    /// non-empty document is an error.</summary>
    public static (LocatedYaml? Document, YamlError? Error) Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length > MaxDocumentLength)
        {
            return (null, new YamlError(0, 0, $"the document is larger than {MaxDocumentLength / 1024} KiB"));
        }

        try
        {
            return new Builder(text).Build();
        }
        catch (YamlException e)
        {
            var reason = FirstSentence(e.InnerException?.Message ?? e.Message);
            var line = (int)Math.Min(int.MaxValue, e.Start.Line);
            var column = (int)Math.Min(int.MaxValue, e.Start.Column);
            return (null, new YamlError(line, column, string.Create(CultureInfo.InvariantCulture, $"invalid YAML at line {line}, column {column}: {reason}")));
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or FormatException or OverflowException)
        {
            // YamlDotNet throws these, not YamlException, on some broken documents (found by the fuzzing properties).
            return (null, new YamlError(0, 0, $"invalid YAML: {FirstSentence(e.Message)}"));
        }
    }

    private static string Parent(string path)
    {
        var cut = Math.Max(path.LastIndexOf('.'), path.LastIndexOf('['));
        return cut <= 0 ? "" : path[..cut];
    }

    private static string FirstSentence(string message)
    {
        var line = message.Split('\n')[0].Trim();
        var cut = line.IndexOf(". ", StringComparison.Ordinal);
        return cut > 0 ? line[..cut] : line.TrimEnd('.');
    }

    private static int LineOf(ParsingEvent e) => (int)Math.Min(int.MaxValue, e.Start.Line);
}

/// <summary>Why a YAML document could not be read, and where.</summary>
/// <param name="Line">1-based line, or 0 when unknown.</param>
/// <param name="Column">1-based column, or 0 when unknown.</param>
/// <param name="Message">One line for people, with the location when known (<c>invalid YAML at line 3, column 1: ...</c>).</param>
public sealed record YamlError(int Line, int Column, string Message);
