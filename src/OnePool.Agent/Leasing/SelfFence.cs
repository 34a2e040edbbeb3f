using Microsoft.Extensions.Logging;
using OnePool.Agent.Execution;

namespace OnePool.Agent.Leasing;

/// <summary>
/// Stops this agent's replicas when it has been cut off from the broker for longer than
/// <see cref="AgentLaunchOptions.SelfFenceAfter"/>: by then the broker is about to declare the node lost and run the
/// work elsewhere, and the old copies must be gone first (HTCondor's job lease and Nomad's stop_on_client_after work
/// the same way). A broker that refuses connections is down, not cut off: its state is durable and it gives every
/// node a grace period after it restarts, so replicas keep running through a broker restart.
/// </summary>
internal sealed partial class SelfFence(IExecutor executor, TimeSpan after, TimeProvider time, ILogger logger)
{
    private long _lastContact = time.GetTimestamp();
    private bool _brokerDown;
    private bool _fenced;

    /// <summary>Records the outcome of a lease call.</summary>
    public void Observe(LeaseResult result)
    {
        if (result is LeaseResult.Unreachable unreachable)
        {
            _brokerDown = unreachable.BrokerDown;
            return;
        }

        // Any answer, even a refusal, means the broker can be reached.
        _lastContact = time.GetTimestamp();
        _brokerDown = false;
        _fenced = false;
    }

    /// <summary>Checks once a second until cancelled.</summary>
    public async Task WatchAsync(CancellationToken cancellationToken)
    {
        if (after <= TimeSpan.Zero)
        {
            return;
        }

        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1), time);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                var silence = time.GetElapsedTime(_lastContact);
                if (_fenced || _brokerDown || silence < after || executor.Held.All(r => r.Outcome is not null))
                {
                    continue;
                }

                _fenced = true;
                Log.Fencing(logger, silence.TotalSeconds, executor.Held.Count(r => r.Outcome is null));
                await executor.StopAllAsync(ProcessExecutor.MaxShutdownGrace, cancellationToken,
                    $"stopped by its agent after {silence.TotalSeconds:F0} s without the broker (self-fencing)");
            }
        }
        catch (OperationCanceledException)
        {
            // the agent is stopping
        }
    }

    private static partial class Log
    {
        [LoggerMessage(40, LogLevel.Warning, "agent: no contact with the broker for {Seconds:F0} s; stopping {Count} replicas so the broker can run them elsewhere (self-fencing)")]
        public static partial void Fencing(ILogger logger, double seconds, int count);
    }
}
