using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using OnePool.Core.Specs;
using OnePool.Core.Yaml;

namespace OnePool.Core.Importers;

/// <summary>What the YAML importers (SkyPilot, Kubernetes) share: the document with its lines, the notes, typed reads
/// that turn a wrong value into a located error instead of an exception, and the final check of the job. A note's
/// directive is the field's dotted path as written in the file (<c>resources.accelerators</c>,
/// <c>spec.tasks[1].replicas</c>). One instance per import.</summary>
internal sealed class YamlImport
{
    private readonly List<ImportNote> _notes = [];

    private YamlImport(LocatedYaml document, JsonObject root)
    {
        Document = document;
        Root = root;
    }

    /// <summary>The document read.</summary>
    public LocatedYaml Document { get; }

    /// <summary>Its root mapping.</summary>
    public JsonObject Root { get; }

    /// <summary>True once any error note was added.</summary>
    public bool Failed => _notes.Any(n => n.Kind == ImportNoteKind.Error);

    /// <summary>Reads <paramref name="text"/>; gives the import to fill, or the failed result (a located error) when
    /// it is not a YAML mapping.</summary>
    public static (YamlImport? Import, ImportResult? Failure) Open(string text, string what)
    {
        ArgumentNullException.ThrowIfNull(text);
        var nul = text.IndexOf('\0', StringComparison.Ordinal);
        if (nul >= 0)
        {
            return (null, Refused(text.AsSpan(0, nul).Count('\n') + 1, "file", "holds a NUL character; it is not a text file"));
        }

        var (document, error) = LocatedYaml.Parse(text);
        if (error is not null)
        {
            return (null, Refused(error.Line, "yaml", error.Message));
        }

        return document!.Root is JsonObject root
            ? (new YamlImport(document, root), null)
            : (null, Refused(0, "yaml", $"a {what} must be a mapping of fields"));
    }

    /// <summary>Adds a note about the field at <paramref name="path"/>, located at its line.</summary>
    public void Note(string path, ImportNoteKind kind, string message) =>
        _notes.Add(new ImportNote(Document.LineOf(path), path, kind, message));

    /// <summary>Adds an error about the field at <paramref name="path"/>.</summary>
    public void Error(string path, string message) => Note(path, ImportNoteKind.Error, message);

    /// <summary>One note per key of <paramref name="map"/> (at <paramref name="path"/>) that <paramref name="known"/>
    /// lacks: nothing unknown is dropped silently.</summary>
    public void Unknown(JsonObject map, string path, IReadOnlySet<string> known, string what)
    {
        foreach (var (key, _) in map)
        {
            if (!known.Contains(key))
            {
                Note(Join(path, key), ImportNoteKind.Unsupported, $"is not a {what} field OnePool knows; it is left out");
            }
        }
    }

    /// <summary>A scalar as text (numbers and booleans as written in YAML 1.2); null when absent or null; an error
    /// note and null for a mapping or list.</summary>
    public string? Text(string path, JsonNode? node)
    {
        switch (node)
        {
            case null:
                return null;
            case JsonValue value when value.GetValueKind() == JsonValueKind.String:
                return value.GetValue<string>();
            case JsonValue value:
                return value.ToJsonString();
            default:
                Error(path, "must be a single value, not a mapping or list");
                return null;
        }
    }

    /// <summary>A whole number between <paramref name="min"/> and <paramref name="max"/> (a quoted one too); an
    /// error note and null otherwise.</summary>
    public int? Int(string path, JsonNode? node, int min, int max)
    {
        var text = Text(path, node);
        if (text is null)
        {
            return null;
        }

        if (long.TryParse(text.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
        {
            return (int)value;
        }

        Error(path, string.Create(CultureInfo.InvariantCulture, $"'{Short(text)}' is not a whole number from {min} to {max}"));
        return null;
    }

    /// <summary>A boolean; an error note and null otherwise.</summary>
    public bool? Bool(string path, JsonNode? node)
    {
        if (node is null)
        {
            return null;
        }

        if (node is JsonValue value && value.GetValueKind() is JsonValueKind.True or JsonValueKind.False)
        {
            return value.GetValue<bool>();
        }

        Error(path, $"'{Short(Text(path, node) ?? "")}' is not true or false");
        return null;
    }

    /// <summary>A mapping, or null when absent; an error note and null for anything else.</summary>
    public JsonObject? Map(string path, JsonNode? node)
    {
        if (node is null or JsonObject)
        {
            return node as JsonObject;
        }

        Error(path, "must be a mapping of fields");
        return null;
    }

    /// <summary>A list, or null when absent; an error note and null for anything else.</summary>
    public JsonArray? List(string path, JsonNode? node)
    {
        if (node is null or JsonArray)
        {
            return node as JsonArray;
        }

        Error(path, "must be a list");
        return null;
    }

    /// <summary>Checks <paramref name="spec"/> as submit will, and gives the result with the notes in line order
    /// (notes about absent fields last). The spec is dropped when any note is an error.</summary>
    public ImportResult Finish(JobSpec spec)
    {
        if (!Failed)
        {
            // The mapping should only make valid specs; this keeps the promise even if it does not.
            var (_, errors) = JobSpecValidator.Validate(spec);
            _notes.AddRange(errors.Select(e => new ImportNote(0, e.Field, ImportNoteKind.Error, e.Message)));
        }

        return new ImportResult(spec, Ordered(_notes));
    }

    /// <summary>A result with one error and no job.</summary>
    public static ImportResult Refused(int line, string directive, string message) =>
        new(null, [new ImportNote(line, directive, ImportNoteKind.Error, message)]);

    /// <summary><paramref name="path"/>.<paramref name="key"/>, or the key alone at the root.</summary>
    public static string Join(string path, string key) => path.Length == 0 ? key : $"{path}.{key}";

    /// <summary>A value cut to 60 characters for messages.</summary>
    public static string Short(string text) => text.Length <= 60 ? text : text[..57] + "...";

    private static List<ImportNote> Ordered(List<ImportNote> notes) =>
        notes.OrderBy(n => n.Line == 0 ? int.MaxValue : n.Line).ToList();
}
