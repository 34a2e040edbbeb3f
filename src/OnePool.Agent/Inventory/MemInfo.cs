using System.Globalization;

namespace OnePool.Agent.Inventory;

/// <summary>Reads the physical memory of the machine from <c>/proc/meminfo</c>.</summary>
internal static class MemInfo
{
    /// <summary>MemTotal in MiB, or 0 when <paramref name="meminfo"/> has no MemTotal line.</summary>
    public static long ParseTotalMiB(string meminfo)
    {
        ArgumentNullException.ThrowIfNull(meminfo);
        foreach (var line in meminfo.Split('\n'))
        {
            if (!line.StartsWith("MemTotal:", StringComparison.Ordinal))
            {
                continue;
            }

            var parts = line["MemTotal:".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            return parts.Length > 0 && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var kib)
                ? kib / 1024
                : 0;
        }

        return 0;
    }

    /// <summary>MemTotal of this machine in MiB, or 0 when it cannot be read.</summary>
    public static async Task<long> ReadTotalMiBAsync(CancellationToken cancellationToken)
    {
        try
        {
            return ParseTotalMiB(await File.ReadAllTextAsync("/proc/meminfo", cancellationToken));
        }
        catch (IOException)
        {
            return 0;
        }
    }
}
