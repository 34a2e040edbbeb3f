using Microsoft.Extensions.Logging;
using OnePool.Agent.Execution;

namespace OnePool.Agent.State;

/// <summary>On start, kills (SIGKILL to the group) every job process group that a previous agent run on the same data
/// directory left running. The broker requeues or settles those attempts; this run starts from nothing.</summary>
internal static partial class StaleProcessReaper
{
    /// <summary>Kills what the state file lists and is still alive; returns how many groups were killed.</summary>
    public static async Task<int> ReapAsync(AgentStateFile file, ILogger logger, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(file);
        var state = await file.ReadAsync(cancellationToken);
        var killed = 0;
        foreach (var held in state?.Replicas ?? [])
        {
            if (held.Pgid <= 0 || !ProcessGroup.Exists(held.Pgid))
            {
                continue;
            }

            // A pgid cannot be reused while its group exists, so a live group is ours unless its leader is a
            // different process than the one we started (pid reused after the whole group was gone).
            var leaderTicks = AgentStateFile.StartTicks(held.Pgid);
            if (leaderTicks is not null && held.StartTicks is not null && leaderTicks != held.StartTicks)
            {
                continue;
            }

            if (ProcessGroup.Signal(held.Pgid, ProcessGroup.SigKill))
            {
                killed++;
                Log.Killed(logger, held.Pgid, held.AttemptId, held.ReplicaIndex);
            }
        }

        return killed;
    }

    private static partial class Log
    {
        [LoggerMessage(300, LogLevel.Warning, "agent: killed process group {Pgid} of attempt {AttemptId} replica {ReplicaIndex}, left running by a previous agent run")]
        public static partial void Killed(ILogger logger, int pgid, long attemptId, int replicaIndex);
    }
}
