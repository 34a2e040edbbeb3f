using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging;
using OnePool.Agent.Inventory;
using OnePool.Contracts.Agents;

namespace OnePool.Agent.Health;

/// <summary>
/// Keeps the node's accelerators' health current. With a configured check command, the command's output names the
/// failed devices (one index per line, or <c>all</c>); without one, on a node whose GPUs were detected, nvidia-smi's
/// health query decides: a GPU missing from its list, with uncorrected ECC errors, with a page waiting to be retired,
/// or whose fields cannot be read has failed. (XID events are in the kernel log, which the agent does not read.) A check that itself fails or hangs
/// changes nothing. The broker stops and requeues work on a failed device and places nothing there.
/// </summary>
internal sealed partial class DeviceHealth(string? command, TimeSpan interval, bool detected, TimeProvider time, ILogger logger)
{
    private static readonly TimeSpan CheckTimeout = TimeSpan.FromSeconds(10);
    private volatile IReadOnlySet<int> _failed = new HashSet<int>();

    /// <summary>Raised when the set of failed devices changes.</summary>
    public event Action? Changed;

    /// <summary>The node with each device's current health.</summary>
    public AgentNode Apply(AgentNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        var failed = _failed;
        return failed.Count == 0 ? node : node with
        {
            Accelerators = node.Accelerators.Select(a => failed.Contains(a.Index) ? a with { Healthy = false } : a).ToList(),
        };
    }

    /// <summary>Checks every interval until cancelled.</summary>
    public async Task WatchAsync(AgentNode node, CancellationToken cancellationToken)
    {
        if (command is null && !detected)
        {
            return;
        }

        using var timer = new PeriodicTimer(interval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                var failed = command is not null ? await RunCommandAsync(node, cancellationToken) : await MissingFromNvidiaSmiAsync(node, cancellationToken);
                if (failed is not null && !failed.SetEquals(_failed))
                {
                    _failed = failed;
                    Log.HealthChanged(logger, failed.Count == 0 ? "none" : string.Join(",", failed.Order()));
                    Changed?.Invoke();
                }
            }
        }
        catch (OperationCanceledException)
        {
            // the agent is stopping
        }
    }

    /// <summary>Parses a check's output: device indices, one per line, or <c>all</c>; null when unreadable.</summary>
    public static HashSet<int>? Parse(string output, AgentNode node)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(node);
        var failed = new HashSet<int>();
        foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (line.Equals("all", StringComparison.OrdinalIgnoreCase))
            {
                failed.UnionWith(node.Accelerators.Select(a => a.Index));
            }
            else if (int.TryParse(line, NumberStyles.None, CultureInfo.InvariantCulture, out var index))
            {
                failed.Add(index);
            }
            else
            {
                return null;
            }
        }

        return failed;
    }

    private async Task<HashSet<int>?> RunCommandAsync(AgentNode node, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("/bin/bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(command!);
        start.Environment["ONEPOOL_NODE"] = node.Name;
        using var process = Process.Start(start)!;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(CheckTimeout);
        try
        {
            var output = await process.StandardOutput.ReadToEndAsync(timeout.Token);
            await process.WaitForExitAsync(timeout.Token);
            if (process.ExitCode == 0 && Parse(output, node) is { } failed)
            {
                return failed;
            }

            Log.CheckFailed(logger, process.ExitCode);
            return null;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            process.Kill(entireProcessTree: true);
            Log.CheckFailed(logger, -1);
            return null;
        }
    }

    private async Task<HashSet<int>?> MissingFromNvidiaSmiAsync(AgentNode node, CancellationToken cancellationToken)
    {
        if (await NvidiaSmi.HealthAsync(time, cancellationToken) is not { } health || health.Present.Count == 0)
        {
            return null; // nvidia-smi itself failed: no news, not "every GPU failed"
        }

        // Fell off the bus (missing from the list), uncorrected ECC errors, a page to retire, or unreadable.
        var failed = node.Accelerators.Select(a => a.Index).Where(i => !health.Present.Contains(i)).ToHashSet();
        failed.UnionWith(health.Failing);
        return failed;
    }

    private static partial class Log
    {
        [LoggerMessage(50, LogLevel.Warning, "agent: failed accelerators now: {Failed}")]
        public static partial void HealthChanged(ILogger logger, string failed);

        [LoggerMessage(51, LogLevel.Warning, "agent: the health check failed (exit {ExitCode}); device health unchanged")]
        public static partial void CheckFailed(ILogger logger, int exitCode);
    }
}
