using System.Text;

namespace OnePool.Core.Importers.Slurm;

/// <summary>One option read from a <c>#SBATCH</c> line.</summary>
/// <param name="Line">1-based line.</param>
/// <param name="Written">The option as written (<c>-t</c>, <c>--err</c>), for notes.</param>
/// <param name="Option">The sbatch option it resolves to.</param>
/// <param name="Value">Its value; null for a flag.</param>
internal sealed record SbatchDirective(int Line, string Written, SbatchOption Option, string? Value);

/// <summary>Reads the <c>#SBATCH</c> directives of a script as sbatch does: only lines that start exactly with
/// <c>#SBATCH</c>, before the first line that is neither blank nor a comment; several options per line; values after
/// '=' or as the next word; short forms (<c>-N2</c>, <c>-N 2</c>); unambiguous abbreviations; quotes; and a word
/// starting with '#' ends the line (a trailing comment). <c>##SBATCH</c> and <c>#&#160;SBATCH</c> are comments.</summary>
internal static class SbatchDirectiveReader
{
    private const string Magic = "#SBATCH";

    /// <summary>Reads <paramref name="lines"/>; problems are added to <paramref name="notes"/>.</summary>
    public static List<SbatchDirective> Read(IReadOnlyList<string> lines, List<ImportNote> notes)
    {
        var directives = new List<SbatchDirective>();
        var inHeader = true;
        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i];
            var isDirective = line.StartsWith(Magic, StringComparison.Ordinal)
                && (line.Length == Magic.Length || char.IsWhiteSpace(line[Magic.Length]));
            if (!isDirective)
            {
                if (inHeader && !line.StartsWith('#') && !string.IsNullOrWhiteSpace(line))
                {
                    inHeader = false;
                }

                continue;
            }

            if (!inHeader)
            {
                notes.Add(new ImportNote(i + 1, Magic, ImportNoteKind.Ignored,
                    "comes after the first command, so sbatch ignores it, and so does OnePool; move it above the first command"));
                continue;
            }

            ReadLine(i + 1, line[Magic.Length..], directives, notes);
        }

        return directives;
    }

    private static void ReadLine(int lineNumber, string rest, List<SbatchDirective> directives, List<ImportNote> notes)
    {
        var words = Split(rest, out var unbalanced);
        if (unbalanced)
        {
            notes.Add(new ImportNote(lineNumber, Magic, ImportNoteKind.Error, "has a quote that is not closed"));
            return;
        }

        if (words.Count == 0)
        {
            notes.Add(new ImportNote(lineNumber, Magic, ImportNoteKind.Ignored, "has no option"));
        }

        for (var w = 0; w < words.Count; w++)
        {
            var word = words[w];
            string? NextValue() => w + 1 < words.Count ? words[++w] : null;
            if (word.StartsWith("--", StringComparison.Ordinal) && word.Length > 2)
            {
                var eq = word.IndexOf('=', StringComparison.Ordinal);
                var name = eq < 0 ? word[2..] : word[2..eq];
                var written = "--" + name;
                var inline = eq < 0 ? null : word[(eq + 1)..];
                var option = SbatchOptionTable.FindLong(name, out var candidates);
                if (option is null)
                {
                    if (candidates.Count > 1)
                    {
                        notes.Add(new ImportNote(lineNumber, written, ImportNoteKind.Error,
                            $"is ambiguous: it could be --{string.Join(", --", candidates)}; write the option in full"));
                    }
                    else
                    {
                        // An unknown option may take a value as the next word; skip that word too, as sbatch's own
                        // error would stop at the option anyway.
                        if (inline is null && w + 1 < words.Count && !words[w + 1].StartsWith('-'))
                        {
                            w++;
                        }

                        notes.Add(new ImportNote(lineNumber, written, ImportNoteKind.Unsupported,
                            "is not an sbatch option OnePool knows (a site's own extension?); it is left out"));
                    }

                    continue;
                }

                var value = option.Arity switch
                {
                    SbatchArity.Required => inline ?? NextValue(),
                    SbatchArity.Optional => inline,
                    _ => null,
                };
                if (option.Arity == SbatchArity.None && inline is not null)
                {
                    notes.Add(new ImportNote(lineNumber, written, ImportNoteKind.Error, $"takes no value, but is given '{inline}'"));
                    continue;
                }

                Add(lineNumber, written, option, value, directives, notes);
            }
            else if (word.Length >= 2 && word[0] == '-' && word[1] != '-')
            {
                ReadShort(lineNumber, word, NextValue, directives, notes);
            }
            else
            {
                notes.Add(new ImportNote(lineNumber, word, ImportNoteKind.Error, "is not an option (options start with - or --)"));
            }
        }
    }

    private static void ReadShort(int lineNumber, string word, Func<string?> nextValue, List<SbatchDirective> directives, List<ImportNote> notes)
    {
        // Flags may be bundled (-Hv) as getopt allows; the first letter that takes a value takes the rest of the word.
        for (var i = 1; i < word.Length; i++)
        {
            var written = "-" + word[i];
            var option = SbatchOptionTable.FindShort(word[i]);
            if (option is null)
            {
                notes.Add(new ImportNote(lineNumber, written, ImportNoteKind.Unsupported,
                    "is not an sbatch option OnePool knows (a site's own extension?); it is left out"));
                return;
            }

            if (option.Arity == SbatchArity.Required)
            {
                var rest = word[(i + 1)..];
                var value = rest.Length > 0 ? rest.TrimStart('=') : nextValue();
                Add(lineNumber, written, option, value, directives, notes);
                return;
            }

            directives.Add(new SbatchDirective(lineNumber, written, option, null));
        }
    }

    private static void Add(int lineNumber, string written, SbatchOption option, string? value, List<SbatchDirective> directives, List<ImportNote> notes)
    {
        if (option.Arity == SbatchArity.Required && string.IsNullOrEmpty(value))
        {
            notes.Add(new ImportNote(lineNumber, written, ImportNoteKind.Error, "needs a value"));
            return;
        }

        directives.Add(new SbatchDirective(lineNumber, written, option, value));
    }

    /// <summary>Splits on whitespace, honouring single and double quotes (which are removed); a word that starts with
    /// '#' outside quotes ends the line.</summary>
    private static List<string> Split(string text, out bool unbalanced)
    {
        var words = new List<string>();
        var current = new StringBuilder();
        var inWord = false;
        char quote = '\0';
        foreach (var c in text)
        {
            if (quote != '\0')
            {
                if (c == quote) { quote = '\0'; } else { current.Append(c); }
                continue;
            }

            if (char.IsWhiteSpace(c))
            {
                if (inWord) { words.Add(current.ToString()); current.Clear(); inWord = false; }
                continue;
            }

            if (c == '#' && !inWord)
            {
                break;
            }

            inWord = true;
            if (c is '"' or '\'') { quote = c; } else { current.Append(c); }
        }

        unbalanced = quote != '\0';
        if (inWord && !unbalanced)
        {
            words.Add(current.ToString());
        }

        return words;
    }
}
