using System.Globalization;

namespace OnePool.Core.Resources;

/// <summary>Parses the resource quantities of job specs and site configs, Kubernetes style.</summary>
public static class Quantity
{
    private static readonly (string Suffix, double MiB)[] MemoryUnits =
    [
        ("Ki", 1.0 / 1024), ("Mi", 1), ("Gi", 1024), ("Ti", 1024 * 1024),
        ("KB", 1000.0 / 1048576), ("MB", 1_000_000.0 / 1048576), ("GB", 1e9 / 1048576), ("TB", 1e12 / 1048576),
        ("K", 1000.0 / 1048576), ("M", 1_000_000.0 / 1048576), ("G", 1e9 / 1048576), ("T", 1e12 / 1048576),
    ];

    /// <summary>Parses a memory size such as <c>512Mi</c>, <c>16Gi</c>, <c>8GB</c> or <c>1T</c> into MiB (rounded up).
    /// A bare number is taken as MiB, as Slurm's <c>--mem</c> does.</summary>
    public static bool TryParseMemoryMiB(string? text, out long mebibytes, out string error)
    {
        mebibytes = 0;
        error = "";
        var s = text?.Trim() ?? "";
        var unit = 1.0;
        foreach (var (suffix, mib) in MemoryUnits)
        {
            if (s.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
            {
                unit = mib;
                s = s[..^suffix.Length].TrimEnd();
                break;
            }
        }

        if (!double.TryParse(s, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
        {
            error = $"'{text}' is not a memory size; write e.g. 512Mi, 16Gi or 8GB";
            return false;
        }

        var result = Math.Ceiling(value * unit);
        if (result > 1L << 40)
        {
            error = $"'{text}' is larger than 1 EiB";
            return false;
        }

        mebibytes = (long)result;
        return true;
    }

    /// <summary>Parses a CPU count in cores (<c>2</c>, <c>0.5</c>) or millicores (<c>500m</c>) into millicores.</summary>
    public static bool TryParseCpuMillis(string? text, out int millicores, out string error)
    {
        millicores = 0;
        error = "";
        var s = text?.Trim() ?? "";
        var factor = 1000.0;
        if (s.EndsWith('m'))
        {
            factor = 1;
            s = s[..^1];
        }

        if (!double.TryParse(s, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
        {
            error = $"'{text}' is not a CPU count; write cores (2, 0.5) or millicores (500m)";
            return false;
        }

        var result = Math.Ceiling(value * factor);
        if (result > 1_000_000_000)
        {
            error = $"'{text}' is more than a million cores";
            return false;
        }

        millicores = (int)result;
        return true;
    }

    /// <summary>Formats MiB for people: <c>128Gi</c>, <c>512Mi</c>.</summary>
    public static string FormatMemory(long mebibytes) =>
        mebibytes % 1024 == 0 && mebibytes > 0
            ? string.Create(CultureInfo.InvariantCulture, $"{mebibytes / 1024}Gi")
            : string.Create(CultureInfo.InvariantCulture, $"{mebibytes}Mi");

    /// <summary>Formats millicores for people: <c>16</c>, <c>0.5</c>.</summary>
    public static string FormatCpu(int millicores) =>
        (millicores / 1000.0).ToString("0.###", CultureInfo.InvariantCulture);
}
