using System.Globalization;
using System.Text.RegularExpressions;

namespace OnePool.Core.Importers.Slurm;

/// <summary>Slurm's memory sizes (<c>--mem</c>, <c>--mem-per-cpu</c>, <c>--mem-per-gpu</c>): a whole number with an
/// optional unit K, M, G or T (case-insensitive, powers of 1024, optionally followed by <c>B</c> or <c>iB</c>).
/// Without a unit the number is megabytes (MiB), so <c>16g</c> and <c>16384</c> are the same.</summary>
public static partial class SlurmMemory
{
    /// <summary>The largest size accepted, in MiB (1 EiB, as OnePool's memory quantities).</summary>
    public const long MaxMiB = 1L << 40;

    /// <summary>Parses <paramref name="text"/> into MiB, rounding kibibytes up.</summary>
    /// <returns>False with a one-line reason when the text is not a size or is larger than <see cref="MaxMiB"/>.</returns>
    public static bool TryParseMiB(string? text, out long mebibytes, out string error)
    {
        mebibytes = 0;
        error = $"'{text}' is not a Slurm memory size; write a whole number with K, M, G or T (16G, 1500M; no unit = MB)";
        var match = Pattern().Match(text?.Trim() ?? "");
        if (!match.Success)
        {
            return false;
        }

        var value = decimal.Parse(match.Groups["n"].Value, CultureInfo.InvariantCulture);
        var mib = char.ToUpperInvariant(match.Groups["u"].Success ? match.Groups["u"].Value[0] : 'M') switch
        {
            'K' => Math.Ceiling(value / 1024),
            'G' => value * 1024,
            'T' => value * 1024 * 1024,
            _ => value,
        };
        if (mib > MaxMiB)
        {
            error = $"'{text}' is larger than 1 EiB";
            return false;
        }

        mebibytes = (long)mib;
        error = "";
        return true;
    }

    [GeneratedRegex(@"^(?<n>\d{1,18})\s*((?<u>[KMGTkmgt])(i?[Bb])?)?$")]
    private static partial Regex Pattern();
}
