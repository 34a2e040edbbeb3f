using Microsoft.Extensions.Logging;
using OnePool.Agent.Execution;
using OnePool.Agent.Leasing;

namespace OnePool.Agent.Slurm;

/// <summary>
/// <c>onepool agent --executor slurm</c>: fronts a whole Slurm cluster. Every node of the configured partitions joins
/// the site as a OnePool node with its own lease; attempts become Slurm batch jobs (docs/slurm.md). Slurm's own
/// scheduler places them on nodes; OnePool chose the site.
/// </summary>
internal sealed partial class SlurmSiteSession(AgentLaunchOptions options, AgentServices services, SlurmSettings settings)
{
    private readonly ILogger _logger = services.Logger;
    private readonly Dictionary<string, SlurmNodeSession> _sessions = new(StringComparer.Ordinal);
    private readonly List<Task> _running = [];
    private IReadOnlyDictionary<string, int> _queue = new Dictionary<string, int>();

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var jobsDirectory = Path.GetFullPath(settings.JobsDirectory ?? Path.Combine(options.DataDirectory, "slurm"));
        try
        {
            foreach (var folder in new[] { jobsDirectory, Path.Combine(jobsDirectory, "checkpoints"), Path.Combine(jobsDirectory, "work") })
            {
                Directory.CreateDirectory(folder);
                // Jobs run as the Slurm user and write their output, work folders and checkpoints here.
                if (!OperatingSystem.IsWindows())
                {
                    File.SetUnixFileMode(folder, (UnixFileMode)Convert.ToInt32("1777", 8));
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Log.BadFolder(_logger, jobsDirectory, e.Message);
            return AgentRunner.ExitBadConfig;
        }

        using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        var slurm = new SlurmRestClient(http, settings);
        var context = new ExecutorContext(jobsDirectory, "slurm", services.Time, _logger, _ => { }, () => { })
        {
            CheckpointRoot = Path.Combine(jobsDirectory, "checkpoints"),
        };
        var attempts = new SlurmAttempts(slurm, settings, SlurmJobScript.ScopeOf(options.Token), jobsDirectory, context, services.Time, _logger);
        var broker = new LeaseClient(services.Http, options.BrokerUrls, options.Token, services.Time);
        var instance = Guid.NewGuid().ToString("N");
        try
        {
            var (nodes, jobs) = await FirstContactAsync(slurm, cancellationToken);
            _queue = SlurmQueue.Of(jobs, settings);
            using var stopLoops = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            // Adopt before the first lease: a replica the broker saw running that a node's first lease leaves out
            // would be declared lost and run a second time.
            Refresh(nodes, attempts, context, broker, instance, stopLoops.Token, start: false);
            foreach (var (node, replica) in attempts.Adopt(jobs, n => _sessions.TryGetValue(n, out var s) ? s.Changes.Signal : () => { }))
            {
                if (_sessions.TryGetValue(node, out var session))
                {
                    session.Executor.Adopt(replica);
                }
            }

            foreach (var session in _sessions.Values)
            {
                _running.Add(session.RunAsync(stopLoops.Token));
            }

            // Slurm calls outlive the lease loops on shutdown: stopping jobs needs the pump to send the signals.
            using var stopPump = new CancellationTokenSource();
            var pump = attempts.RunAsync(stopPump.Token);
            Log.Joined(_logger, settings.RestUrl, _sessions.Count, string.Join(", ", options.BrokerUrls));
            await WatchInventoryAsync(slurm, attempts, context, broker, instance, stopLoops.Token);
            await stopLoops.CancelAsync();
            await Task.WhenAll(_running);
            if (options.StopJobsOnShutdown)
            {
                await StopAllAsync(broker, instance);
            }

            await stopPump.CancelAsync();
            await pump;
            Log.ShutDown(_logger);
            return AgentRunner.ExitOk;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return AgentRunner.ExitOk;
        }
        finally
        {
            foreach (var session in _sessions.Values)
            {
                session.Dispose();
            }
        }
    }

    /// <summary>Nodes and jobs, retried until slurmrestd answers (it may start after the agent).</summary>
    private async Task<(IReadOnlyList<SlurmNodeInfo>, IReadOnlyList<SlurmJobInfo>)> FirstContactAsync(SlurmRestClient slurm, CancellationToken cancellationToken)
    {
        string? last = null;
        while (true)
        {
            try
            {
                return (await slurm.NodesAsync(cancellationToken), await slurm.JobsAsync(cancellationToken));
            }
            catch (Exception e) when (e is HttpRequestException or SlurmRefusedException or IOException
                || (e is TaskCanceledException && !cancellationToken.IsCancellationRequested))
            {
                if (e.Message != last)
                {
                    last = e.Message;
                    Log.NoSlurm(_logger, settings.RestUrl, e.Message);
                }

                await Task.Delay(TimeSpan.FromSeconds(2), services.Time, cancellationToken);
            }
        }
    }

    private async Task WatchInventoryAsync(SlurmRestClient slurm, SlurmAttempts attempts, ExecutorContext context, LeaseClient broker,
        string instance, CancellationToken cancellationToken)
    {
        try
        {
            using var timer = new PeriodicTimer(settings.PollInterval, services.Time);
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                try
                {
                    _queue = SlurmQueue.Of(await slurm.JobsAsync(cancellationToken), settings);
                    Refresh(await slurm.NodesAsync(cancellationToken), attempts, context, broker, instance, cancellationToken);
                }
                catch (Exception e) when (e is HttpRequestException or SlurmRefusedException
                    || (e is TaskCanceledException && !cancellationToken.IsCancellationRequested))
                {
                    Log.NoSlurm(_logger, settings.RestUrl, e.Message);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // shutting down
        }
    }

    /// <summary>Applies a fresh node list: new nodes start leasing, known ones report their new state.</summary>
    private void Refresh(IReadOnlyList<SlurmNodeInfo> nodes, SlurmAttempts attempts, ExecutorContext context, LeaseClient broker,
        string instance, CancellationToken cancellationToken, bool start = true)
    {
        var mapped = SlurmInventory.Map(nodes, settings);
        attempts.SetNodes(mapped);
        foreach (var (_, mappedNode) in mapped)
        {
            var node = mappedNode with { SiteQueue = _queue };
            if (_sessions.TryGetValue(node.Name, out var known))
            {
                known.Current = node;
                continue;
            }

            var session = new SlurmNodeSession(node, attempts, context, broker, instance, options.SelfFenceAfter, services.Time, _logger);
            _sessions[node.Name] = session;
            if (start)
            {
                _running.Add(session.RunAsync(cancellationToken));
            }
        }
    }

    /// <summary>Stops every attempt (SIGTERM, cancel after at most 5 s) and tells the broker at once.</summary>
    private async Task StopAllAsync(LeaseClient broker, string instance)
    {
        var running = _sessions.Values.Sum(s => s.Executor.Held.Count(r => r.Outcome is null));
        if (running > 0)
        {
            Log.StoppingAll(_logger, running);
        }

        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await Task.WhenAll(_sessions.Values.Select(s => s.Executor.StopAllAsync(ProcessExecutor.MaxShutdownGrace, limit.Token)));
        }
        catch (OperationCanceledException)
        {
            // reported as they are
        }

        await Task.WhenAll(_sessions.Values.Select(async s =>
        {
            var lease = await s.Ledger.PrepareAsync(s.Executor, s.Current, instance, CancellationToken.None);
            await broker.LeaseAsync(lease.Request with { WaitMillis = 0 }, AgentSession.FinalLeaseTimeout, CancellationToken.None);
        }));
    }

    private static partial class Log
    {
        [LoggerMessage(310, LogLevel.Information, "slurm: {Nodes} Slurm node(s) from {SlurmUrl} leasing from {BrokerUrl}")]
        public static partial void Joined(ILogger logger, Uri slurmUrl, int nodes, string brokerUrl);

        [LoggerMessage(311, LogLevel.Warning, "slurm: cannot read Slurm at {SlurmUrl}: {Reason}; retrying")]
        public static partial void NoSlurm(ILogger logger, Uri slurmUrl, string reason);

        [LoggerMessage(312, LogLevel.Error, "agent: jobs folder {Folder} is not usable: {Reason}")]
        public static partial void BadFolder(ILogger logger, string folder, string reason);

        [LoggerMessage(313, LogLevel.Information, "slurm: shutting down; stopping {Count} replicas in Slurm")]
        public static partial void StoppingAll(ILogger logger, int count);

        [LoggerMessage(314, LogLevel.Information, "agent: shut down")]
        public static partial void ShutDown(ILogger logger);
    }
}
