using Microsoft.Extensions.Logging;
using OnePool.Agent.Execution;
using OnePool.Contracts.Agents;

namespace OnePool.Agent.Leasing;

/// <summary>Applying the broker's desired state.</summary>
internal sealed partial class LeaseLoop
{
    /// <summary>Starts what <c>Run</c> lists and was never started here, stops running replicas it omits, and forgets
    /// ended ones it omits whose end the broker has heard. Returns whether anything changed.</summary>
    private bool Apply(LeaseResponse response, IReadOnlySet<ReplicaKey> endsHeard, CancellationToken cancellationToken)
    {
        var run = response.Run ?? [];
        var wanted = run.Select(a => new ReplicaKey(a.AttemptId, a.ReplicaIndex)).ToHashSet();
        var changed = false;
        foreach (var assignment in run)
        {
            changed |= executor.Start(assignment) is not null;
        }

        foreach (var replica in executor.Held)
        {
            if (wanted.Contains(replica.Key))
            {
                continue;
            }

            if (replica.Outcome is null)
            {
                if (replica.StopRequested)
                {
                    continue;
                }

                Log.Stopping(logger, replica.Key.AttemptId, replica.Key.ReplicaIndex);
                _ = replica.StopAsync(ReplicaStates.Stopped, null, "stopped on the broker's order",
                    TimeSpan.FromSeconds(replica.Assignment.StopGraceSeconds), cancellationToken);
                changed = true;
            }
            else if (endsHeard.Contains(replica.Key))
            {
                executor.Forget(replica.Key);
                ledger.Remove(replica.Key);
                changed = true;
            }
        }

        return changed;
    }

    private static partial class Log
    {
        [LoggerMessage(200, LogLevel.Information, "agent: joined site {Site} as node {Node} ({Inventory})")]
        public static partial void Joined(ILogger logger, string site, string node, string inventory);

        [LoggerMessage(201, LogLevel.Warning, "agent: broker unreachable ({Reason}); retrying")]
        public static partial void Unreachable(ILogger logger, string reason);

        [LoggerMessage(202, LogLevel.Information, "agent: broker reachable again")]
        public static partial void Reachable(ILogger logger);

        [LoggerMessage(203, LogLevel.Error, "agent: the broker refused the site token (HTTP {StatusCode}); retrying every 10 s")]
        public static partial void Refused(ILogger logger, int statusCode);

        [LoggerMessage(204, LogLevel.Warning, "agent: the broker rejected the lease (HTTP {StatusCode}): {Problem}; retrying")]
        public static partial void Rejected(ILogger logger, int statusCode, string problem);

        [LoggerMessage(205, LogLevel.Information, "agent: stopping attempt {AttemptId} replica {ReplicaIndex} (no longer assigned)")]
        public static partial void Stopping(ILogger logger, long attemptId, int replicaIndex);
    }
}
