using System.Text.RegularExpressions;

namespace OnePool.Core.Importers.Slurm;

/// <summary>Looks through a script's commands (comment lines skipped) for what only works under Slurm: Slurm
/// commands in command position, <c>SLURM_*</c> variables OnePool does not set, and the script's own arguments.
/// One note per command, one for all such variables and one for the arguments, each at its first line.</summary>
internal static partial class ScriptBodyScanner
{
    private static readonly Dictionary<string, string> Replacements = new(StringComparer.Ordinal)
    {
        ["SLURM_JOB_ID"] = "ONEPOOL_JOB_ID", ["SLURM_JOBID"] = "ONEPOOL_JOB_ID", ["SLURM_PROCID"] = "ONEPOOL_REPLICA_INDEX",
        ["SLURM_NODEID"] = "ONEPOOL_REPLICA_INDEX", ["SLURMD_NODENAME"] = "ONEPOOL_NODE", ["SLURM_RESTART_COUNT"] = "ONEPOOL_ATTEMPT_ID",
    };

    /// <summary>Adds the notes for <paramref name="lines"/>; <paramref name="provided"/> are the variables the job sets.</summary>
    public static void Scan(IReadOnlyList<string> lines, IReadOnlySet<string> provided, List<ImportNote> notes)
    {
        var commands = new HashSet<string>(StringComparer.Ordinal);
        var variables = new List<string>();
        var variablesLine = 0;
        var argumentsLine = 0;
        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i].TrimStart();
            if (line.StartsWith('#'))
            {
                continue;
            }

            foreach (Match command in Command().Matches(line))
            {
                var name = command.Groups["c"].Value;
                if (commands.Add(name))
                {
                    notes.Add(new ImportNote(i + 1, name, ImportNoteKind.Unsupported, name == "srun"
                        ? "launches tasks through Slurm, which a OnePool node may not have; OnePool itself starts the script once on every replica (ONEPOOL_REPLICA_INDEX of ONEPOOL_NUM_REPLICAS)"
                        : "talks to Slurm, which a OnePool node may not have; OnePool gives ONEPOOL_* variables instead (docs/jobspec.md)"));
                }
            }

            foreach (Match variable in Variable().Matches(line))
            {
                var name = variable.Groups["v"].Value;
                if (!provided.Contains(name) && !variables.Contains(name))
                {
                    variablesLine = variablesLine == 0 ? i + 1 : variablesLine;
                    variables.Add(name);
                }
            }

            if (argumentsLine == 0 && Arguments().IsMatch(line))
            {
                argumentsLine = i + 1;
            }
        }

        if (variables.Count > 0)
        {
            var named = variables.Select(v => Replacements.TryGetValue(v, out var r) ? $"{v} (use {r})" : v);
            notes.Add(new ImportNote(variablesLine, "$SLURM_*", ImportNoteKind.Unsupported,
                $"the script reads {string.Join(", ", named)}, which OnePool does not set"));
        }

        if (argumentsLine > 0)
        {
            notes.Add(new ImportNote(argumentsLine, "$1", ImportNoteKind.Unsupported,
                "the script reads positional arguments, which sbatch passes after the script's name; OnePool runs it without arguments (set env instead)"));
        }
    }

    [GeneratedRegex(@"(^|[;&|(`]\s*|\b(then|do|else|exec|time|xargs)\s+)(?<c>srun|scontrol|sbatch|squeue|sacct|sbcast|scancel|sinfo|salloc|sstat)(?=\s|$|;|\))")]
    private static partial Regex Command();

    [GeneratedRegex(@"\$\{?(?<v>SLURM[D]?_[A-Z0-9_]+)")]
    private static partial Regex Variable();

    [GeneratedRegex(@"\$(\{?[1-9]\}?|\{[1-9][0-9]*\}|@|\*|#)")]
    private static partial Regex Arguments();
}
