using System.Globalization;
using System.Text.RegularExpressions;

namespace OnePool.Core.Resources;

/// <summary>Parses durations as people write them: <c>90s</c>, <c>30m</c>, <c>2h</c>, <c>1d12h</c>, <c>1h30m</c>,
/// or Slurm's <c>[D-]HH:MM:SS</c> / <c>MM:SS</c>.</summary>
public static partial class DurationText
{
    /// <summary>Parses <paramref name="text"/>; false with a reason when it is not a positive duration.</summary>
    public static bool TryParse(string? text, out TimeSpan duration, out string error)
    {
        duration = TimeSpan.Zero;
        error = $"'{text}' is not a duration; write e.g. 30m, 2h, 1d12h or 02:00:00";
        var s = text?.Trim() ?? "";
        if (s.Length == 0 || s.Length > 32)
        {
            return false;
        }

        var units = UnitsPattern().Match(s);
        if (units.Success)
        {
            double total = 0;
            foreach (Capture c in units.Groups["part"].Captures)
            {
                var value = double.Parse(c.Value[..^1], CultureInfo.InvariantCulture);
                total += char.ToLowerInvariant(c.Value[^1]) switch
                {
                    'd' => value * 86400, 'h' => value * 3600, 'm' => value * 60, _ => value,
                };
            }

            return Finish(total, out duration, ref error);
        }

        var clock = ClockPattern().Match(s);
        if (clock.Success)
        {
            var days = clock.Groups["d"].Success ? int.Parse(clock.Groups["d"].Value, CultureInfo.InvariantCulture) : 0;
            var fields = clock.Groups["hms"].Value.Split(':').Select(f => int.Parse(f, CultureInfo.InvariantCulture)).ToArray();
            double seconds = fields.Length switch
            {
                3 => (fields[0] * 3600) + (fields[1] * 60) + fields[2],
                2 when days > 0 => (fields[0] * 3600) + (fields[1] * 60),
                2 => (fields[0] * 60) + fields[1],
                _ => days > 0 ? fields[0] * 3600 : fields[0] * 60, // Slurm: a bare number is minutes
            };
            return Finish((days * 86400.0) + seconds, out duration, ref error);
        }

        return false;
    }

    /// <summary>Formats a duration compactly: <c>2h30m</c>, <c>45s</c>.</summary>
    public static string Format(TimeSpan d)
    {
        if (d < TimeSpan.FromMinutes(1))
        {
            return string.Create(CultureInfo.InvariantCulture, $"{Math.Max(0, (int)d.TotalSeconds)}s");
        }

        var parts = new List<string>();
        if (d.Days > 0) { parts.Add(string.Create(CultureInfo.InvariantCulture, $"{d.Days}d")); }
        if (d.Hours > 0) { parts.Add(string.Create(CultureInfo.InvariantCulture, $"{d.Hours}h")); }
        if (d.Minutes > 0) { parts.Add(string.Create(CultureInfo.InvariantCulture, $"{d.Minutes}m")); }
        if (d.Seconds > 0 && d.Days == 0) { parts.Add(string.Create(CultureInfo.InvariantCulture, $"{d.Seconds}s")); }
        return string.Concat(parts);
    }

    private static bool Finish(double seconds, out TimeSpan duration, ref string error)
    {
        duration = TimeSpan.Zero;
        if (seconds <= 0 || seconds > TimeSpan.FromDays(3650).TotalSeconds)
        {
            error = "must be longer than 0 and at most 3650 days";
            return false;
        }

        duration = TimeSpan.FromSeconds(Math.Round(seconds));
        return true;
    }

    [GeneratedRegex(@"^(?<part>\d+(\.\d+)?[dhmsDHMS])+$")]
    private static partial Regex UnitsPattern();

    [GeneratedRegex(@"^((?<d>\d+)-)?(?<hms>\d+(:\d+){0,2})$")]
    private static partial Regex ClockPattern();
}
