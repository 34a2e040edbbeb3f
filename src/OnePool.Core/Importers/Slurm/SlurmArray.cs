using System.Globalization;
using System.Text.RegularExpressions;

namespace OnePool.Core.Importers.Slurm;

/// <summary>Slurm's <c>--array</c> syntax: comma-separated indices and ranges with an optional step
/// (<c>0-9</c>, <c>1,3,5</c>, <c>0-15:4</c>, <c>1-3,10-20:5</c>), then an optional <c>%N</c> throttle
/// (<c>1-72%8</c>: at most 8 running at once).</summary>
public static partial class SlurmArray
{
    /// <summary>The largest index accepted (Slurm's own upper bound on <c>MaxArraySize</c> is 4,000,001).</summary>
    public const int MaxIndex = 4_000_000;

    /// <summary>Parses <paramref name="text"/> into an array of at most <see cref="JobArray.MaxJobs"/> distinct indices.</summary>
    /// <returns>False with a one-line reason when the text is not an array specification or asks for too many jobs.</returns>
    public static bool TryParse(string? text, out JobArray? array, out string error)
    {
        array = null;
        error = $"'{text}' is not a job array; write e.g. 0-9, 1,3,5, 0-15:4 or 1-72%8";
        var s = text?.Trim() ?? "";
        int? throttle = null;
        var percent = s.IndexOf('%', StringComparison.Ordinal);
        if (percent >= 0)
        {
            if (!int.TryParse(s[(percent + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var max) || max < 1)
            {
                error = $"'{text}': the throttle after '%' must be a whole number of at least 1";
                return false;
            }

            throttle = max;
            s = s[..percent];
        }

        var ranges = new List<(long First, long Last, long Step)>();
        long count = 0;
        foreach (var item in s.Split(','))
        {
            var match = Item().Match(item.Trim());
            if (!match.Success)
            {
                return false;
            }

            var first = long.Parse(match.Groups["a"].Value, CultureInfo.InvariantCulture);
            var last = match.Groups["b"].Success ? long.Parse(match.Groups["b"].Value, CultureInfo.InvariantCulture) : first;
            var step = match.Groups["s"].Success ? long.Parse(match.Groups["s"].Value, CultureInfo.InvariantCulture) : 1;
            if (last < first || step < 1 || last > MaxIndex)
            {
                error = last > MaxIndex
                    ? $"'{text}': indices go up to {MaxIndex}"
                    : $"'{item.Trim()}' is not a range: the end must not be below the start, and the step must be at least 1";
                return false;
            }

            // Counted before any index is made, so '0-4000000' is refused without building a list.
            count += ((last - first) / step) + 1;
            if (count > JobArray.MaxJobs * 2L)
            {
                break;
            }

            ranges.Add((first, last, step));
        }

        var indices = new SortedSet<int>();
        if (count <= JobArray.MaxJobs * 2L)
        {
            foreach (var (first, last, step) in ranges)
            {
                for (var i = first; i <= last; i += step)
                {
                    indices.Add((int)i);
                }
            }
        }

        if (count > JobArray.MaxJobs * 2L || indices.Count > JobArray.MaxJobs)
        {
            error = $"'{text}' makes more than {JobArray.MaxJobs} jobs, the most OnePool expands one array to";
            return false;
        }

        array = new JobArray(text!.Trim(), [.. indices], throttle);
        error = "";
        return true;
    }

    [GeneratedRegex(@"^(?<a>\d{1,9})(-(?<b>\d{1,9})(:(?<s>\d{1,9}))?)?$")]
    private static partial Regex Item();
}
