using System.Globalization;
using System.Text.RegularExpressions;

namespace OnePool.Core.Importers.Kubernetes;

/// <summary>Parses Kubernetes resource quantities (<c>resource.Quantity</c>): a decimal number, an optional exponent
/// (<c>1e3</c>) and an optional suffix, binary (<c>Ki Mi Gi Ti Pi Ei</c>) or decimal (<c>n u m k M G T P E</c>).
/// A bare number of memory is bytes, as in Kubernetes (not MiB, as in OnePool specs).</summary>
public static partial class KubeQuantity
{
    private static readonly Dictionary<string, double> Suffixes = new(StringComparer.Ordinal)
    {
        [""] = 1, ["n"] = 1e-9, ["u"] = 1e-6, ["m"] = 1e-3, ["k"] = 1e3, ["M"] = 1e6, ["G"] = 1e9, ["T"] = 1e12, ["P"] = 1e15, ["E"] = 1e18,
        ["Ki"] = 1024, ["Mi"] = 1024.0 * 1024, ["Gi"] = 1024.0 * 1024 * 1024, ["Ti"] = Math.Pow(1024, 4), ["Pi"] = Math.Pow(1024, 5), ["Ei"] = Math.Pow(1024, 6),
    };

    /// <summary>The quantity's value in base units (cores, bytes, devices); false when it is not a quantity, or is
    /// negative, not finite or absurd (over 10^21).</summary>
    public static bool TryParse(string? text, out double value)
    {
        value = 0;
        var match = text is null ? null : Pattern().Match(text.Trim());
        if (match is not { Success: true }
            || !double.TryParse(match.Groups["n"].Value + match.Groups["e"].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            return false;
        }

        value = number * Suffixes[match.Groups["s"].Value];
        return double.IsFinite(value) && value >= 0 && value <= 1e21;
    }

    [GeneratedRegex(@"^\+?(?<n>[0-9]+(\.[0-9]*)?|\.[0-9]+)(?<e>[eE][+-]?[0-9]{1,3})?(?<s>Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE]?)$", RegexOptions.None, 1000)]
    private static partial Regex Pattern();
}
