using System.Text.RegularExpressions;

namespace OnePool.Core.Importers.Slurm;

/// <summary>Spots template values left in real scripts (<c>&lt;account&gt;</c>, <c>your_own_num_nodes</c>,
/// <c>PARTITION</c>, <c>...</c>, <c>${NODES}</c>). sbatch expands no variables in <c>#SBATCH</c> lines, so
/// <c>${VAR}</c> there is literal text too.</summary>
internal static partial class Placeholders
{
    private static readonly HashSet<string> Words = new(StringComparer.Ordinal)
    {
        "ACCOUNT", "PARTITION", "QOS", "PROJECT", "ALLOCATION", "RESERVATION", "EMAIL", "USER", "USERNAME", "CHANGEME",
        "CHANGE_ME", "TODO", "FIXME", "XXX", "XXXX", "N", "NODES", "NUM_NODES", "NNODES", "GPUS", "NUM_GPUS", "JOB_NAME",
        "JOBNAME", "TIME", "MEM", "MEMORY", "CPUS", "QUEUE",
    };

    /// <summary>Why <paramref name="value"/> looks like an unfilled placeholder, or null when it does not.</summary>
    /// <param name="value">The directive's value.</param>
    /// <param name="optionName">The option's long name without dashes (<c>partition</c>); its upper-case form counts too.</param>
    public static string? Find(string value, string optionName)
    {
        if (AngleBrackets().Match(value) is { Success: true } angle)
        {
            return $"'{angle.Value}' is a placeholder";
        }

        if (Variable().Match(value) is { Success: true } variable)
        {
            return $"'{variable.Value}' is not expanded: sbatch reads #SBATCH lines literally";
        }

        if (Your().IsMatch(value))
        {
            return $"'{value}' is a placeholder";
        }

        var trimmed = value.Trim();
        if (trimmed is "..." or "…" || (UpperWord().IsMatch(trimmed) &&
            (Words.Contains(trimmed) || trimmed == optionName.ToUpperInvariant().Replace('-', '_'))))
        {
            return $"'{trimmed}' is a placeholder";
        }

        return null;
    }

    [GeneratedRegex("<[^<>]*>")]
    private static partial Regex AngleBrackets();

    [GeneratedRegex(@"\$(\{[^}]*\}?|[A-Za-z_][A-Za-z0-9_]*|\(.*)")]
    private static partial Regex Variable();

    [GeneratedRegex("(?<![A-Za-z])your", RegexOptions.IgnoreCase)]
    private static partial Regex Your();

    [GeneratedRegex("^[A-Z][A-Z0-9_]*$")]
    private static partial Regex UpperWord();
}
