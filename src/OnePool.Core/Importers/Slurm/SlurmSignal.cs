using System.Globalization;
using System.Text.RegularExpressions;

namespace OnePool.Core.Importers.Slurm;

/// <summary>Slurm's <c>--signal=[{R|B}:]SIG[@SECONDS]</c>: send SIG (a name with or without <c>SIG</c>, or a number)
/// SECONDS (default 60) before the time limit; <c>B:</c> only to the batch shell, <c>R:</c> also when a reservation ends.</summary>
public static partial class SlurmSignal
{
    /// <summary>Slurm's lead time when <c>@SECONDS</c> is left out.</summary>
    public const int DefaultSecondsBeforeEnd = 60;

    private static readonly HashSet<string> Names = new(StringComparer.Ordinal)
    {
        "HUP", "INT", "QUIT", "ABRT", "KILL", "ALRM", "TERM", "USR1", "USR2", "URG", "CONT", "STOP", "TSTP", "TTIN", "TTOU", "XCPU",
    };

    /// <summary>Parses <paramref name="text"/>.</summary>
    /// <returns>False with a one-line reason when it is not a signal specification.</returns>
    public static bool TryParse(string? text, out CheckpointSignal? signal, out string error)
    {
        signal = null;
        error = $"'{text}' is not a signal specification; write e.g. B:USR1@60, USR1@90 or 15@180";
        var match = Pattern().Match(text?.Trim() ?? "");
        if (!match.Success)
        {
            return false;
        }

        var name = match.Groups["sig"].Value.ToUpperInvariant();
        if (name.StartsWith("SIG", StringComparison.Ordinal))
        {
            name = name[3..];
        }

        var isNumber = int.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out var number);
        if (isNumber ? number is < 1 or > 64 : !Names.Contains(name))
        {
            error = $"'{match.Groups["sig"].Value}' is not a signal Slurm can send (a name such as USR1 or TERM, or 1..64)";
            return false;
        }

        var seconds = DefaultSecondsBeforeEnd;
        if (match.Groups["t"].Success && (!int.TryParse(match.Groups["t"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out seconds) || seconds > 65535))
        {
            error = $"'{text}': the time after '@' must be 0..65535 seconds";
            return false;
        }

        signal = new CheckpointSignal(name, seconds, match.Groups["w"].Value.Contains('B', StringComparison.OrdinalIgnoreCase));
        error = "";
        return true;
    }

    [GeneratedRegex(@"^((?<w>[RBrb]{1,2}):)?(?<sig>[A-Za-z0-9]{1,10})(@(?<t>\d{1,9}))?$")]
    private static partial Regex Pattern();
}
