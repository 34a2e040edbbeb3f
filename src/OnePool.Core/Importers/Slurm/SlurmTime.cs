using System.Globalization;
using System.Text.RegularExpressions;

namespace OnePool.Core.Importers.Slurm;

/// <summary>Slurm's time-limit syntax (<c>--time</c>, <c>--time-min</c>): <c>M</c>, <c>M:S</c>, <c>H:M:S</c>,
/// <c>D-H</c>, <c>D-H:M</c>, <c>D-H:M:S</c>. A bare number is minutes (<c>20:00</c> is 20 minutes, not 20 hours);
/// fields may exceed their clock range (<c>100:00:00</c>, <c>90:00</c>); <c>0</c>, <c>UNLIMITED</c> and
/// <c>INFINITE</c> mean no limit.</summary>
public static partial class SlurmTime
{
    /// <summary>The longest limit accepted, as OnePool's <c>maxRuntime</c> allows: 3650 days.</summary>
    public static readonly TimeSpan Longest = TimeSpan.FromDays(3650);

    /// <summary>Parses <paramref name="text"/>. On success <paramref name="limit"/> is the limit, or null for none.</summary>
    /// <returns>False with a one-line reason when the text is not a Slurm time or is longer than <see cref="Longest"/>.</returns>
    public static bool TryParse(string? text, out TimeSpan? limit, out string error)
    {
        limit = null;
        error = $"'{text}' is not a Slurm time; write minutes (30), MM:SS, HH:MM:SS or D-HH:MM:SS";
        var s = text?.Trim() ?? "";
        if (s.Equals("UNLIMITED", StringComparison.OrdinalIgnoreCase) || s.Equals("INFINITE", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        var match = Pattern().Match(s);
        if (!match.Success)
        {
            return false;
        }

        // Each field has at most 9 digits (the pattern), so the sum below cannot overflow a decimal.
        var fields = match.Groups["f"].Captures.Select(c => decimal.Parse(c.Value, CultureInfo.InvariantCulture)).ToArray();
        decimal seconds;
        if (match.Groups["d"].Success)
        {
            var days = decimal.Parse(match.Groups["d"].Value, CultureInfo.InvariantCulture);
            seconds = (days * 86400) + fields.Length switch
            {
                1 => fields[0] * 3600,
                2 => (fields[0] * 3600) + (fields[1] * 60),
                _ => (fields[0] * 3600) + (fields[1] * 60) + fields[2],
            };
        }
        else
        {
            seconds = fields.Length switch
            {
                1 => fields[0] * 60,
                2 => (fields[0] * 60) + fields[1],
                _ => (fields[0] * 3600) + (fields[1] * 60) + fields[2],
            };
        }

        if (seconds == 0)
        {
            return true;
        }

        if (seconds > (decimal)Longest.TotalSeconds)
        {
            error = $"'{text}' is longer than {Longest.TotalDays:0} days";
            return false;
        }

        limit = TimeSpan.FromSeconds((double)seconds);
        return true;
    }

    /// <summary>Writes a limit the way OnePool's <c>maxRuntime</c> reads it, exactly: <c>3d</c>, <c>4d4h</c>,
    /// <c>20m</c>, <c>1h0m30s</c> becomes <c>1h30s</c>.</summary>
    public static string ToMaxRuntime(TimeSpan limit)
    {
        var text = "";
        var days = (long)limit.TotalDays;
        if (days > 0) { text += days.ToString(CultureInfo.InvariantCulture) + "d"; }
        if (limit.Hours > 0) { text += limit.Hours.ToString(CultureInfo.InvariantCulture) + "h"; }
        if (limit.Minutes > 0) { text += limit.Minutes.ToString(CultureInfo.InvariantCulture) + "m"; }
        if (limit.Seconds > 0 || text.Length == 0) { text += limit.Seconds.ToString(CultureInfo.InvariantCulture) + "s"; }
        return text;
    }

    [GeneratedRegex(@"^((?<d>\d{1,9})-)?(?<f>\d{1,9})(:(?<f>\d{1,9})){0,2}$")]
    private static partial Regex Pattern();
}
