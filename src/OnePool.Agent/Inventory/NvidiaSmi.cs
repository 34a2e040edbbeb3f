using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using OnePool.Contracts.Agents;

namespace OnePool.Agent.Inventory;

/// <summary>Detects NVIDIA GPUs by running <c>nvidia-smi</c>; no GPUs when it is missing, fails or hangs.</summary>
internal static class NvidiaSmi
{
    /// <summary>The query the agent runs.</summary>
    public static readonly string[] Arguments = ["--query-gpu=index,name,memory.total", "--format=csv,noheader,nounits"];

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    /// <summary>The health query: uncorrected ECC errors since boot, pages waiting to be retired (before Ampere), rows
    /// waiting to be remapped or that failed to remap (Ampere and later, where retired_pages reads [N/A]), and the
    /// driver's recommended recovery action (drivers from R575 on).</summary>
    public static readonly string[] HealthArguments =
        ["--query-gpu=index,ecc.errors.uncorrected.volatile.total,retired_pages.pending,remapped_rows.pending,remapped_rows.failure,gpu_recovery_action",
         "--format=csv,noheader,nounits"];

    /// <summary>The health query older drivers answer (they refuse the whole query when one field is unknown).</summary>
    public static readonly string[] BasicHealthArguments =
        ["--query-gpu=index,ecc.errors.uncorrected.volatile.total,retired_pages.pending", "--format=csv,noheader,nounits"];

    /// <summary>Runs nvidia-smi and parses its output; an empty list when anything goes wrong.</summary>
    public static async Task<IReadOnlyList<AcceleratorDevice>> DetectAsync(TimeProvider time, CancellationToken cancellationToken) =>
        await RunAsync(Arguments, time, cancellationToken) is { } output ? Parse(output) : [];

    /// <summary>The GPUs nvidia-smi lists and those of them that are failing; null when nvidia-smi cannot be run.</summary>
    public static async Task<(HashSet<int> Present, HashSet<int> Failing)?> HealthAsync(TimeProvider time, CancellationToken cancellationToken) =>
        await RunAsync(HealthArguments, time, cancellationToken) is { } output ? ParseHealth(output)
        : await RunAsync(BasicHealthArguments, time, cancellationToken) is { } basic ? ParseHealth(basic)
        : null;

    /// <summary>Parses <c>index, uncorrected volatile ECC errors, retired pages pending</c> lines, optionally followed by
    /// <c>remapped rows pending, remapped rows failure, recovery action</c>. A GPU fails with any uncorrected ECC error,
    /// a page or row waiting to be retired or remapped (it needs a reset), a row remapping that failed, a recovery
    /// action other than None (Reset, Reboot, Drain...), or a field nvidia-smi could not read (<c>ERR!</c>,
    /// <c>[GPU requires reset]</c>); <c>[N/A]</c> (not on this model) is fine.</summary>
    public static (HashSet<int> Present, HashSet<int> Failing) ParseHealth(string output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var present = new HashSet<int>();
        var failing = new HashSet<int>();
        foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var fields = line.Split(',', StringSplitOptions.TrimEntries);
            if (fields.Length < 3 || !int.TryParse(fields[0], NumberStyles.None, CultureInfo.InvariantCulture, out var index))
            {
                continue;
            }

            present.Add(index);
            var eccErrors = long.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out var ecc) && ecc > 0;
            var unreadable = fields.Skip(1).Any(f => f.Contains("ERR!", StringComparison.OrdinalIgnoreCase) || f.Contains("requires reset", StringComparison.OrdinalIgnoreCase));
            var pending = fields.Skip(2).Take(3).Any(f => f.Equals("Yes", StringComparison.OrdinalIgnoreCase));
            var recovery = fields.Length >= 6 && fields[5] is var action && action.Length > 0
                && !action.Equals("None", StringComparison.OrdinalIgnoreCase) && !action.Contains("N/A", StringComparison.OrdinalIgnoreCase);
            if (eccErrors || unreadable || pending || recovery)
            {
                failing.Add(index);
            }
        }

        return (present, failing);
    }

    private static async Task<string?> RunAsync(string[] arguments, TimeProvider time, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("nvidia-smi")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        try
        {
            using var process = Process.Start(start);
            if (process is null)
            {
                return null;
            }

            using var timeout = new CancellationTokenSource(Timeout, time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellationToken);
            try
            {
                var output = process.StandardOutput.ReadToEndAsync(linked.Token);
                _ = process.StandardError.ReadToEndAsync(linked.Token);
                await process.WaitForExitAsync(linked.Token);
                return process.ExitCode == 0 ? await output : null;
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                process.Kill(entireProcessTree: true);
                return null;
            }
        }
        catch (Win32Exception)
        {
            return null;
        }
    }

    /// <summary>Parses <c>index, name, memory.total</c> CSV lines (memory in MiB); lines that do not parse are skipped.</summary>
    public static IReadOnlyList<AcceleratorDevice> Parse(string output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var devices = new List<AcceleratorDevice>();
        foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var fields = line.Split(',', StringSplitOptions.TrimEntries);
            if (fields.Length < 3
                || !int.TryParse(fields[0], NumberStyles.None, CultureInfo.InvariantCulture, out var index)
                || fields[1].Length == 0)
            {
                continue;
            }

            var memory = long.TryParse(fields[^1], NumberStyles.None, CultureInfo.InvariantCulture, out var mib) ? mib : 0;
            // A name with a comma in it would split into more fields; the middle ones are the name.
            var name = string.Join(",", fields[1..^1]);
            devices.Add(new AcceleratorDevice(index, GpuModelNames.ToPoolModel(name), memory, Healthy: true));
        }

        return devices;
    }
}
