using System.Text;

namespace OnePool.Core.Importers;

/// <summary>Turns a name written in a foreign job file into one OnePool accepts (docs/jobspec.md: letters, digits,
/// '-', '_' and '.', starting with a letter or digit, at most 100 characters).</summary>
internal static class JobName
{
    /// <summary>The name with every other character replaced by '-', leading separators dropped, cut to 100
    /// characters; empty when nothing usable is left.</summary>
    public static string Safe(string written)
    {
        var name = new StringBuilder();
        foreach (var c in written)
        {
            name.Append(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '-');
        }

        var text = name.ToString().TrimStart('-', '_', '.');
        return text.Length > 100 ? text[..100] : text;
    }

    /// <summary>A file's name without its folder and extension (<c>train</c> for <c>llm/train.yaml</c>).</summary>
    public static string? FromFile(string? fileName) =>
        string.IsNullOrEmpty(fileName) ? null : Path.GetFileNameWithoutExtension(fileName);
}
