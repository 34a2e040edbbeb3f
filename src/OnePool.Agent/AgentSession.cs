using Microsoft.Extensions.Logging;
using OnePool.Agent.Config;
using OnePool.Agent.Execution;
using OnePool.Agent.Inventory;
using OnePool.Agent.Leasing;
using OnePool.Agent.State;
using OnePool.Contracts.Agents;

namespace OnePool.Agent;

/// <summary>One run of the agent: start-up checks, the lease loop, and the shutdown.</summary>
internal sealed partial class AgentSession(AgentLaunchOptions options, AgentServices services)
{
    /// <summary>Timeout of the last lease sent on shutdown.</summary>
    public static readonly TimeSpan FinalLeaseTimeout = TimeSpan.FromSeconds(2);

    private readonly ILogger _logger = services.Logger;

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await RunCoreAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return AgentRunner.ExitOk;
        }
    }

    private async Task<int> RunCoreAsync(CancellationToken cancellationToken)
    {
        var config = NodeConfig.Empty;
        if (options.ConfigPath is { } path)
        {
            var (read, error) = await NodeConfigReader.ReadFileAsync(path, cancellationToken);
            if (error is not null)
            {
                Log.BadConfig(_logger, error);
                return AgentRunner.ExitBadConfig;
            }

            config = read!;
        }

        var node = await NodeInventory.ResolveAsync(config, services.DetectAccelerators, cancellationToken);
        var instance = Guid.NewGuid().ToString("N");
        var stateFile = new AgentStateFile(options.DataDirectory);
        try
        {
            Directory.CreateDirectory(options.DataDirectory);
            await StaleProcessReaper.ReapAsync(stateFile, _logger, cancellationToken);
            stateFile.Write(new AgentState(instance, []));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Log.BadDataDirectory(_logger, options.DataDirectory, e.Message);
            return AgentRunner.ExitBadConfig;
        }

        using var changes = new LocalChanges(services.Time);
        ProcessExecutor? executor = null;
        var context = new ExecutorContext(options.DataDirectory, node.Name, services.Time, _logger,
            _ => OnChange(changes, stateFile, instance, executor), changes.SignalOutput)
        {
            CheckpointRoot = config.CheckpointRoot,
        };
        using var processes = new ProcessExecutor(context);
        executor = processes;
        processes.HeldChanged += () => OnChange(changes, stateFile, instance, processes);

        var client = new LeaseClient(services.Http, options.BrokerUrls, options.Token, services.Time);
        var ledger = new LeaseLedger();
        var fence = new SelfFence(processes, options.SelfFenceAfter, services.Time, _logger);
        var health = new Health.DeviceHealth(config.HealthCheckCommand, config.HealthCheckInterval,
            detected: config.Accelerators is null && node.Accelerators.Count > 0, services.Time, _logger);
        health.Changed += changes.Signal;
        var loop = new LeaseLoop(client, processes, ledger, changes, node, instance, services.Time, _logger, fence, health);
        using var fencing = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var watch = Task.WhenAll(fence.WatchAsync(fencing.Token), health.WatchAsync(node, fencing.Token));
        Log.Starting(_logger, node.Name, string.Join(", ", options.BrokerUrls));
        try
        {
            await loop.RunAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Normal shutdown.
        }

        await fencing.CancelAsync();
        await watch;
        if (options.StopJobsOnShutdown)
        {
            await StopAllAsync(processes, ledger, client, node, instance);
        }

        Log.ShutDown(_logger);
        return AgentRunner.ExitOk;
    }

    private static void OnChange(LocalChanges changes, AgentStateFile stateFile, string instance, ProcessExecutor? executor)
    {
        if (executor is not null)
        {
            stateFile.Write(instance, executor);
        }

        changes.Signal();
    }

    private async Task StopAllAsync(ProcessExecutor processes, LeaseLedger ledger, LeaseClient client, AgentNode node, string instance)
    {
        var running = processes.Held.Count(r => r.Outcome is null);
        if (running > 0)
        {
            Log.StoppingAll(_logger, running);
        }

        await processes.StopAllAsync(ProcessExecutor.MaxShutdownGrace, CancellationToken.None);
        // Tell the broker at once rather than letting the lease time out; errors do not matter now.
        var lease = await ledger.PrepareAsync(processes, node, instance, CancellationToken.None);
        await client.LeaseAsync(lease.Request with { WaitMillis = 0 }, FinalLeaseTimeout, CancellationToken.None);
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Error, "agent: {Error}")]
        public static partial void BadConfig(ILogger logger, string error);

        [LoggerMessage(2, LogLevel.Error, "agent: data directory {Directory} is not usable: {Reason}")]
        public static partial void BadDataDirectory(ILogger logger, string directory, string reason);

        [LoggerMessage(3, LogLevel.Information, "agent: node {Node} leasing from {BrokerUrl}")]
        public static partial void Starting(ILogger logger, string node, string brokerUrl);

        [LoggerMessage(4, LogLevel.Information, "agent: shutting down; stopping {Count} running replicas")]
        public static partial void StoppingAll(ILogger logger, int count);

        [LoggerMessage(5, LogLevel.Information, "agent: shut down")]
        public static partial void ShutDown(ILogger logger);
    }
}
