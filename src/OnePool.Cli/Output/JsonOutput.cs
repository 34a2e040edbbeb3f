using System.CommandLine;
using System.Text.Json;

namespace OnePool.Cli.Output;

/// <summary>The <c>-o table|json</c> option and the JSON writer behind it.</summary>
internal static class JsonOutput
{
    private static readonly JsonSerializerOptions Indented = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    /// <summary>Creates the <c>--output</c>/<c>-o</c> option. Default: <c>table</c>.</summary>
    public static Option<string> CreateOption()
    {
        var option = new Option<string>("--output", "-o")
        {
            Description = "Output format: table (for people) or json (for scripts)",
            DefaultValueFactory = _ => "table",
        };
        option.AcceptOnlyFromAmong("table", "json");
        return option;
    }

    /// <summary>True when the parsed <paramref name="option"/> asks for JSON.</summary>
    public static bool Wanted(ParseResult parseResult, Option<string> option) =>
        string.Equals(parseResult?.GetValue(option), "json", StringComparison.Ordinal);

    /// <summary>Writes <paramref name="value"/> as JSON when <paramref name="option"/> asks for it, else the text
    /// <paramref name="render"/> makes (a table, a report) for people.</summary>
    public static async Task WriteAsync<T>(
        ParseResult parseResult, Option<string> option, TextWriter writer, T value, Func<string> render, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(render);
        if (Wanted(parseResult, option))
        {
            Write(writer, value);
        }
        else
        {
            await writer.WriteAsync(render().AsMemory(), cancellationToken);
        }
    }

    /// <summary>Writes <paramref name="value"/> as indented camelCase JSON and a newline.</summary>
    public static void Write<T>(TextWriter writer, T value)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteLine(JsonSerializer.Serialize(value, Indented));
    }
}
