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

    /// <summary>Runs nvidia-smi and parses its output; an empty list when anything goes wrong.</summary>
    public static async Task<IReadOnlyList<AcceleratorDevice>> DetectAsync(TimeProvider time, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("nvidia-smi")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in Arguments)
        {
            start.ArgumentList.Add(argument);
        }

        try
        {
            using var process = Process.Start(start);
            if (process is null)
            {
                return [];
            }

            using var timeout = new CancellationTokenSource(Timeout, time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellationToken);
            try
            {
                var output = process.StandardOutput.ReadToEndAsync(linked.Token);
                _ = process.StandardError.ReadToEndAsync(linked.Token);
                await process.WaitForExitAsync(linked.Token);
                return process.ExitCode == 0 ? Parse(await output) : [];
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                process.Kill(entireProcessTree: true);
                return [];
            }
        }
        catch (Win32Exception)
        {
            return [];
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
