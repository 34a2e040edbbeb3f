using System.Globalization;
using OnePool.Core.Specs;

namespace OnePool.Core.Importers.Slurm;

/// <summary>Imports a Slurm batch script (<c>sbatch</c>'s input) as a OnePool job: the <c>#SBATCH</c> directives become
/// the job's resources, limits and names, and the script itself, unchanged, becomes its <c>run</c>. Every directive
/// gets a note saying what became of it (see <see cref="ImportNoteKind"/> and docs/importers.md). Pure, never throws
/// on any text, and linear in its length (at most <see cref="MaxScriptLength"/> characters).</summary>
public static class SbatchImporter
{
    /// <summary>Longest script accepted: what the job's <c>run</c> may hold.</summary>
    public const int MaxScriptLength = JobSpecValidator.MaxCommandLength;

    /// <summary>Imports <paramref name="text"/>.</summary>
    /// <param name="text">The script.</param>
    /// <param name="fileName">Its file name, if known: the job's name when the script sets none (as sbatch names it).</param>
    public static ImportResult Import(string text, string? fileName = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        var notes = new List<ImportNote>();
        if (Refuse(text) is { } refusal)
        {
            notes.Add(refusal);
            return new ImportResult(null, notes);
        }

        var script = text.StartsWith('\uFEFF') ? text[1..] : text;
        var lines = script.Split('\n');
        CheckInterpreter(lines[0], notes);
        var directives = SbatchDirectiveReader.Read(lines, notes);
        var mapper = new SbatchMapper(directives, notes);
        var spec = mapper.Map(fileName);
        spec.Run = script;
        var provided = new HashSet<string>(spec.Env?.Keys ?? [], StringComparer.Ordinal);
        if (mapper.Array is not null)
        {
            provided.UnionWith(["SLURM_ARRAY_TASK_ID", "SLURM_ARRAY_TASK_COUNT", "SLURM_ARRAY_TASK_MIN", "SLURM_ARRAY_TASK_MAX"]);
        }

        ScriptBodyScanner.Scan(lines, provided, notes);
        if (!notes.Any(n => n.Kind == ImportNoteKind.Error))
        {
            // The mapping should only make valid specs; this keeps the promise even if it does not.
            var (_, errors) = JobSpecValidator.Validate(spec);
            notes.AddRange(errors.Select(e => new ImportNote(0, e.Field, ImportNoteKind.Error, e.Message)));
        }

        var ordered = notes.OrderBy(n => n.Line == 0 ? int.MaxValue : n.Line).ToList();
        return new ImportResult(spec, ordered, mapper.Array, mapper.Signal);
    }

    private static ImportNote? Refuse(string text)
    {
        if (text.Length > MaxScriptLength)
        {
            return new ImportNote(0, "script", ImportNoteKind.Error,
                string.Create(CultureInfo.InvariantCulture, $"is longer than {MaxScriptLength / 1024} KiB, the most a job's run may hold"));
        }

        var nul = text.IndexOf('\0', StringComparison.Ordinal);
        if (nul >= 0)
        {
            return new ImportNote(LineOf(text, nul), "script", ImportNoteKind.Error, "holds a NUL character; it is not a text file");
        }

        var cr = text.IndexOf('\r', StringComparison.Ordinal);
        if (cr >= 0)
        {
            return new ImportNote(LineOf(text, cr), "script", ImportNoteKind.Error,
                "has DOS line breaks (\\r\\n), which bash cannot run and sbatch refuses too; convert it with dos2unix");
        }

        return string.IsNullOrWhiteSpace(text) ? new ImportNote(0, "script", ImportNoteKind.Error, "is empty") : null;
    }

    private static void CheckInterpreter(string first, List<ImportNote> notes)
    {
        if (!first.StartsWith("#!", StringComparison.Ordinal))
        {
            notes.Add(new ImportNote(0, "#!", ImportNoteKind.Mapped, "no interpreter line (sbatch requires one); OnePool runs the script with bash"));
            return;
        }

        var words = first[2..].Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        var at = words.Length > 1 && Path.GetFileName(words[0]) == "env" ? 1 : 0;
        var shell = words.Length > at ? Path.GetFileName(words[at]) : "";
        if (shell is not ("bash" or "sh"))
        {
            notes.Add(new ImportNote(1, "#!", ImportNoteKind.Error,
                $"the script is for '{(shell.Length == 0 ? "?" : shell)}', but OnePool runs run: with bash; write a spec with command: [{(shell.Length == 0 ? "..." : shell)}, script] instead"));
        }
        else if (words.Skip(at + 1).Any(w => w is "-l" or "--login"))
        {
            notes.Add(new ImportNote(1, "#!", ImportNoteKind.Ignored,
                "-l (login shell) is not applied: OnePool runs the script with bash -c, without a login profile; source what it needs (modules, conda) in the script"));
        }
    }

    private static int LineOf(string text, int index)
    {
        var line = 1;
        for (var i = 0; i < index; i++)
        {
            if (text[i] == '\n')
            {
                line++;
            }
        }

        return line;
    }
}
