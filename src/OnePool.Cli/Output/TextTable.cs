using Spectre.Console;
using Spectre.Console.Rendering;

namespace OnePool.Cli.Output;

/// <summary>
/// A borderless, left-aligned table in the style of <c>squeue</c> and <c>kubectl get</c>: a header line of upper-case
/// column names, then one line per row, columns two spaces apart, no colour, no trailing spaces.
/// </summary>
internal sealed class TextTable
{
    /// <summary>Width used when output is not a terminal, so that rows never wrap in files and pipes.</summary>
    public const int RedirectedWidth = 250;

    private readonly Table _table = new() { Border = TableBorder.None, ShowHeaders = true };

    /// <summary>Creates a table with these column headers.</summary>
    public TextTable(params string[] headers)
    {
        ArgumentNullException.ThrowIfNull(headers);
        for (var i = 0; i < headers.Length; i++)
        {
            _table.AddColumn(new TableColumn(new Text(headers[i])) { NoWrap = true, Padding = new Padding(0, 0, i == headers.Length - 1 ? 0 : 2, 0) });
        }
    }

    /// <summary>Number of rows added.</summary>
    public int RowCount => _table.Rows.Count;

    /// <summary>Adds a row; values are shown verbatim (no markup).</summary>
    public TextTable AddRow(params string?[] cells)
    {
        ArgumentNullException.ThrowIfNull(cells);
        _table.AddRow(cells.Select(c => (IRenderable)new Text(c ?? "")).ToArray());
        return this;
    }

    /// <summary>Renders the table as text lines, at most <paramref name="width"/> characters wide.</summary>
    public string Render(int width = RedirectedWidth) => RenderToText(_table, width);

    /// <summary>Renders any Spectre widget to plain text without colour or trailing spaces.</summary>
    public static string RenderToText(IRenderable renderable, int width)
    {
        using var writer = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(writer),
        });
        console.Profile.Width = width;
        console.Write(renderable);
        var lines = writer.ToString().Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n').Select(l => l.TrimEnd()).ToList();
        while (lines.Count > 0 && lines[^1].Length == 0)
        {
            lines.RemoveAt(lines.Count - 1);
        }

        return string.Join('\n', lines) + "\n";
    }
}
