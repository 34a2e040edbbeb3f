using System.Globalization;
using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace OnePool.Core.Yaml;

public sealed partial class LocatedYaml
{
    /// <summary>Builds the tree from parser events with an explicit stack; one instance per document text.</summary>
    private sealed class Builder(string text)
    {
        private readonly Dictionary<string, int> _lines = new(StringComparer.Ordinal);
        private readonly Dictionary<string, (JsonNode? Node, int Size)> _anchors = new(StringComparer.Ordinal);
        private readonly Stack<Frame> _stack = new();
        private int _budget = MaxNodes;
        private JsonNode? _root;

        public (LocatedYaml? Document, YamlError? Error) Build()
        {
            var parser = new Parser(new StringReader(text));
            var documents = new List<JsonNode?>();
            try
            {
                while (parser.MoveNext())
                {
                    var e = parser.Current!;
                    switch (e)
                    {
                        case DocumentStart:
                            _root = null;
                            _anchors.Clear();
                            break;
                        case DocumentEnd when _root is not null:
                            documents.Add(_root);
                            if (documents.Count > 1)
                            {
                                return (null, new YamlError(LineOf(e), 0, string.Create(CultureInfo.InvariantCulture,
                                    $"line {LineOf(e)}: expected one YAML document, found several")));
                            }

                            break;
                        case Scalar scalar:
                            OnScalar(scalar);
                            break;
                        case MappingStart or SequenceStart:
                            Open((NodeEvent)e);
                            break;
                        case MappingEnd or SequenceEnd:
                            Close();
                            break;
                        case AnchorAlias alias:
                            OnAlias(alias);
                            break;
                    }
                }
            }
            catch (LimitException limit)
            {
                return (null, limit.Error);
            }

            return documents.Count == 0
                ? (null, new YamlError(0, 0, "the document is empty"))
                : (new LocatedYaml(documents[0], _lines), null);
        }

        private void OnScalar(Scalar scalar)
        {
            if (_stack.TryPeek(out var top) && top.Container is JsonObject map && top.Key is null)
            {
                var name = scalar.Value;
                if (map.ContainsKey(name))
                {
                    throw Limit(scalar, string.Create(CultureInfo.InvariantCulture,
                        $"line {LineOf(scalar)}, column {scalar.Start.Column}: '{name}' is given twice"));
                }

                top.Key = name;
                _lines[Join(top.Path, name)] = LineOf(scalar);
                return;
            }

            Spend(scalar, 1);
            var value = ToValue(scalar);
            Remember(scalar.Anchor, value, 1);
            Add(value, scalar);
        }

        private void Open(NodeEvent start)
        {
            RefuseKey(start);
            if (_stack.Count >= MaxDepth)
            {
                throw Limit(start, $"the document is nested deeper than {MaxDepth} levels");
            }

            Spend(start, 1);
            var path = NextPath(start);
            JsonNode container = start is MappingStart ? new JsonObject() : new JsonArray();
            _stack.Push(new Frame(container, path, start.Anchor, _budget));
        }

        private void Close()
        {
            var frame = _stack.Pop();
            Remember(frame.Anchor, frame.Container, frame.BudgetAtStart - _budget + 1);
            Attach(frame.Container);
        }

        private void OnAlias(AnchorAlias alias)
        {
            RefuseKey(alias);
            if (!_anchors.TryGetValue(alias.Value.Value, out var anchored))
            {
                throw Limit(alias, string.Create(CultureInfo.InvariantCulture, $"line {LineOf(alias)}: alias *{alias.Value.Value} names no anchor"));
            }

            Spend(alias, anchored.Size);
            Add(anchored.Node?.DeepClone(), alias);
        }

        private void Add(JsonNode? value, ParsingEvent at)
        {
            NextPath(at);
            Attach(value);
        }

        /// <summary>The path of the value about to be added; records the line of a sequence item.</summary>
        private string NextPath(ParsingEvent at)
        {
            if (!_stack.TryPeek(out var top))
            {
                return "";
            }

            if (top.Container is JsonArray array)
            {
                // The item is attached when it ends, so the next index is the current count.
                var path = string.Create(CultureInfo.InvariantCulture, $"{top.Path}[{array.Count}]");
                _lines[path] = LineOf(at);
                return path;
            }

            return Join(top.Path, top.Key!);
        }

        private void Attach(JsonNode? value)
        {
            if (!_stack.TryPeek(out var top))
            {
                _root = value;
                return;
            }

            if (top.Container is JsonObject map)
            {
                map[top.Key!] = value;
                top.Key = null;
            }
            else
            {
                ((JsonArray)top.Container).Add(value);
            }
        }

        private void RefuseKey(ParsingEvent e)
        {
            if (_stack.TryPeek(out var top) && top.Container is JsonObject && top.Key is null)
            {
                throw Limit(e, string.Create(CultureInfo.InvariantCulture, $"line {LineOf(e)}: keys must be plain names"));
            }
        }

        private void Remember(AnchorName anchor, JsonNode? node, int size)
        {
            if (!anchor.IsEmpty)
            {
                _anchors[anchor.Value] = (node, size);
            }
        }

        private void Spend(ParsingEvent at, int nodes)
        {
            _budget -= nodes;
            if (_budget < 0)
            {
                throw Limit(at, $"the document has more than {MaxNodes} values (after expanding aliases)");
            }
        }

        private static string Join(string path, string key) => path.Length == 0 ? key : $"{path}.{key}";

        private static LimitException Limit(ParsingEvent at, string message) =>
            new(new YamlError(LineOf(at), (int)Math.Min(int.MaxValue, at.Start.Column), message));

        private static JsonValue? ToValue(Scalar scalar)
        {
            var value = scalar.Value;
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

        private sealed class Frame(JsonNode container, string path, AnchorName anchor, int budgetAtStart)
        {
            public JsonNode Container { get; } = container;

            public string Path { get; } = path;

            public AnchorName Anchor { get; } = anchor;

            public int BudgetAtStart { get; } = budgetAtStart;

            /// <summary>For a mapping: the key whose value comes next, or null when a key comes next.</summary>
            public string? Key { get; set; }
        }
    }

    private sealed class LimitException(YamlError error) : Exception(error.Message)
    {
        public YamlError Error { get; } = error;
    }
}
