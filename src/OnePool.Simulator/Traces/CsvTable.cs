using System.Globalization;

namespace OnePool.Simulator.Traces;

/// <summary>
/// A headed CSV file read row by row, with typed getters whose errors name the file, the line and the column.
/// Fields may be quoted with <c>"</c> (a quoted field may hold commas; <c>""</c> is a quote). Blank lines are skipped.
/// </summary>
internal sealed class CsvTable
{
    private readonly Dictionary<string, int> _columns;

    private CsvTable(string file, Dictionary<string, int> columns, IReadOnlyList<CsvRow> rows)
    {
        File = file;
        _columns = columns;
        Rows = rows;
    }

    /// <summary>The file's path as given.</summary>
    public string File { get; }

    /// <summary>Data rows, in file order.</summary>
    public IReadOnlyList<CsvRow> Rows { get; }

    /// <summary>True when the header has <paramref name="column"/>.</summary>
    public bool Has(string column) => _columns.ContainsKey(column);

    /// <summary>Reads <paramref name="path"/>; requires every column in <paramref name="required"/>.</summary>
    public static CsvTable Read(string path, params string[] required)
    {
        if (!System.IO.File.Exists(path))
        {
            throw new TraceFormatException($"{path}: no such file");
        }

        var lines = System.IO.File.ReadAllLines(path);
        if (lines.Length == 0 || string.IsNullOrWhiteSpace(lines[0]))
        {
            throw TraceFormatException.At(path, 1, "empty file; expected a header line");
        }

        var header = Split(lines[0], path, 1);
        var columns = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < header.Length; i++)
        {
            columns.TryAdd(header[i].Trim(), i);
        }

        var missing = required.Where(c => !columns.ContainsKey(c)).ToList();
        if (missing.Count > 0)
        {
            throw TraceFormatException.At(path, 1, $"missing column(s) {string.Join(", ", missing)}; header is '{lines[0]}'");
        }

        var table = new CsvTable(path, columns, []);
        var rows = new List<CsvRow>(lines.Length);
        for (var i = 1; i < lines.Length; i++)
        {
            if (!string.IsNullOrWhiteSpace(lines[i]))
            {
                rows.Add(new CsvRow(table, i + 1, Split(lines[i], path, i + 1)));
            }
        }

        return new CsvTable(path, columns, rows);
    }

    internal int IndexOf(string column) => _columns.TryGetValue(column, out var i) ? i : -1;

    private static string[] Split(string line, string file, int lineNumber)
    {
        if (!line.Contains('"', StringComparison.Ordinal))
        {
            return line.Split(',');
        }

        var fields = new List<string>();
        var field = new System.Text.StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else
            {
                field.Append(c);
            }
        }

        if (quoted)
        {
            throw TraceFormatException.At(file, lineNumber, "unterminated quoted field");
        }

        fields.Add(field.ToString());
        return [.. fields];
    }
}

/// <summary>One data row of a <see cref="CsvTable"/>.</summary>
internal sealed class CsvRow(CsvTable table, int line, string[] fields)
{
    /// <summary>1-based line number in the file.</summary>
    public int Line { get; } = line;

    /// <summary>The field, trimmed; empty when the column is absent or the row is short.</summary>
    public string Text(string column)
    {
        var i = table.IndexOf(column);
        return i >= 0 && i < fields.Length ? fields[i].Trim() : "";
    }

    /// <summary>A required number (may have a fraction).</summary>
    public double Number(string column)
    {
        var text = Text(column);
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
        {
            throw Error($"{column} '{text}' is not a number");
        }

        return value;
    }

    /// <summary>A required whole number.</summary>
    public int Whole(string column)
    {
        var text = Text(column);
        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
        {
            throw Error($"{column} '{text}' is not a whole number");
        }

        return value;
    }

    /// <summary>An error naming this row's file and line.</summary>
    public TraceFormatException Error(string message) => TraceFormatException.At(table.File, Line, message);
}
