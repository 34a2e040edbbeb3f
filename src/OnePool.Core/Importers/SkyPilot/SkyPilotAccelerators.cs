using System.Globalization;
using System.Text.Json.Nodes;
using OnePool.Core.Importers.Slurm;
using OnePool.Core.Resources;

namespace OnePool.Core.Importers.SkyPilot;

/// <summary>Reads SkyPilot's <c>accelerators</c> in each of its forms into OnePool's list of <c>MODEL:COUNT</c>
/// alternatives: <c>A100:8</c>; <c>L4</c> (one); <c>A100-80GB:8</c> (split on the last <c>:</c>); a fractional count
/// <c>T4:0.5</c> (rounded up: OnePool gives whole devices); a mapping <c>{H100: 8, A100-80GB: 8}</c> or set
/// <c>{A100:1, Inferentia:6}</c> (any of them); a list <c>[V100:1, T4:1]</c> (in order of preference).
/// Names are matched without case through <see cref="GpuTypeTable"/>, except that SkyPilot's <c>A100</c> is the 40 GB
/// card (its 80 GB one is <c>A100-80GB</c>).</summary>
internal static class SkyPilotAccelerators
{
    private static readonly Dictionary<string, string> SkyPilotNames = new(StringComparer.OrdinalIgnoreCase)
    {
        ["A100"] = "A100-40G",
    };

    /// <summary>The alternatives <paramref name="node"/> asks for, best first; null when absent or wrong (with an
    /// error note).</summary>
    public static List<string>? Read(YamlImport import, string path, JsonNode? node)
    {
        var written = new List<(string Text, string Path)>();
        switch (node)
        {
            case null:
                return null;
            case JsonValue:
                written.Add((import.Text(path, node)!, path));
                break;
            case JsonObject map:
                foreach (var (key, value) in map)
                {
                    var count = import.Text(YamlImport.Join(path, key), value);
                    written.Add((count is null ? key : $"{key}:{count}", YamlImport.Join(path, key)));
                }

                if (map.Count > 1)
                {
                    import.Note(path, ImportNoteKind.Mapped, "any of these (SkyPilot picks the cheapest); OnePool's scheduler picks among them by expected runtime and price");
                }

                break;
            case JsonArray list:
                for (var i = 0; i < list.Count; i++)
                {
                    var item = string.Create(CultureInfo.InvariantCulture, $"{path}[{i}]");
                    written.Add((import.Text(item, list[i]) ?? "", item));
                }

                if (list.Count > 1)
                {
                    import.Note(path, ImportNoteKind.Honoured, "alternatives in order of preference, as OnePool's accelerators list");
                }

                break;
        }

        var result = new List<string>();
        foreach (var (text, at) in written)
        {
            if (Parse(import, at, text) is { } request && !result.Any(r => r.StartsWith(request.Model + ":", StringComparison.OrdinalIgnoreCase)))
            {
                result.Add(request.ToString());
            }
        }

        if (written.Count == 1 && result.Count == 1 && result[0].Equals(SkyPilotForm(written[0].Text), StringComparison.OrdinalIgnoreCase))
        {
            import.Note(path, ImportNoteKind.Honoured, $"accelerators: {result[0]} per replica");
        }

        return import.Failed ? null : result;
    }

    private static string SkyPilotForm(string text) => text.Contains(':', StringComparison.Ordinal) ? text.Trim() : $"{text.Trim()}:1";

    private static AcceleratorRequest? Parse(YamlImport import, string path, string text)
    {
        var colon = text.LastIndexOf(':');
        var name = (colon < 0 ? text : text[..colon]).Trim();
        var countText = colon < 0 ? "1" : text[(colon + 1)..].Trim();
        if (!double.TryParse(countText, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var count)
            || !double.IsFinite(count) || count <= 0 || count > AcceleratorRequest.MaxCount)
        {
            import.Error(path, $"'{YamlImport.Short(text)}': the count '{YamlImport.Short(countText)}' is not a number of devices above 0 and at most {AcceleratorRequest.MaxCount}");
            return null;
        }

        var whole = (int)Math.Ceiling(count);
        if (whole != count)
        {
            import.Note(path, ImportNoteKind.Mapped, string.Create(CultureInfo.InvariantCulture,
                $"'{text}' asks for part of a device; OnePool gives whole devices, so the replica gets {whole} (not shared with other jobs)"));
        }

        var model = SkyPilotNames.TryGetValue(name, out var own) ? own : GpuTypeTable.Find(name);
        if (model is null)
        {
            if (!ModelName.IsValid(name))
            {
                import.Error(path, $"'{YamlImport.Short(name)}' is not an accelerator name (letters, digits, '-', '_', '.'; at most {ModelName.MaxLength} characters)");
                return null;
            }

            model = name;
            import.Note(path, ImportNoteKind.Mapped, $"{name} is not a model OnePool's table knows; it is asked for as written, so a site must list it under that name (see `onepool pool`)");
        }
        else if (!model.Equals(name, StringComparison.OrdinalIgnoreCase))
        {
            import.Note(path, ImportNoteKind.Mapped, $"{name} is OnePool's {model}");
        }

        return new AcceleratorRequest(model, whole);
    }
}
