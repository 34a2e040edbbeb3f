using System.Globalization;
using System.Text;
using System.Text.Json;
using OnePool.Core.Importers;
using OnePool.Core.Specs;

namespace OnePool.Core.Tests.Importers;

/// <summary>Renders an import for approved files: the job as JSON, the array and signal, then every note. A batch
/// script's run is summarised, since it is the input unchanged and checked separately; a generated script (SkyPilot,
/// Kubernetes) is shown in full after the JSON, so a reviewer reads what the replicas will run.</summary>
internal static class ImportRendering
{
    private static readonly JsonSerializerOptions Indented = new(JobSpecReader.JsonOptions) { WriteIndented = true };

    public static string Render(ImportResult result, bool scriptInFull = false)
    {
        var text = new StringBuilder();
        if (result.Spec is { } spec)
        {
            var run = spec.Run;
            spec.Run = scriptInFull ? "(below)" : string.Create(CultureInfo.InvariantCulture, $"(the script, unchanged: {run!.Split('\n').Length} lines)");
            text.Append("job:\n").Append(JsonSerializer.Serialize(spec, Indented)).Append('\n');
            spec.Run = run;
            if (scriptInFull)
            {
                text.Append("run:\n").Append(run);
            }
        }
        else
        {
            text.Append("refused\n");
        }

        if (result.Array is { } array)
        {
            text.Append(CultureInfo.InvariantCulture, $"array: {array.Text} -> {array.Indices.Count} jobs, indices {string.Join(",", array.Indices)}, throttle {array.MaxRunning?.ToString(CultureInfo.InvariantCulture) ?? "none"}\n");
        }

        if (result.Signal is { } signal)
        {
            text.Append(CultureInfo.InvariantCulture, $"signal: {signal.Signal} {signal.SecondsBeforeEnd} s before the end, {(signal.BatchShellOnly ? "batch shell only" : "all steps")}\n");
        }

        text.Append("notes:\n");
        foreach (var note in result.Notes)
        {
            text.Append(CultureInfo.InvariantCulture, $"  {note.Line}: {note.Directive}: {note.KindName}: {note.Message}\n");
        }

        return text.ToString();
    }
}
