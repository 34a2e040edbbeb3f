using OnePool.Agent.Execution;

namespace OnePool.Agent.Slurm;

/// <summary>Slurm job states as replica outcomes. A job that has not ended has none.</summary>
internal static class SlurmJobStates
{
    private static readonly string[] NotEnded =
        ["PENDING", "CONFIGURING", "RUNNING", "COMPLETING", "SUSPENDED", "REQUEUED", "REQUEUE_HOLD", "REQUEUE_FED", "RESIZING",
         "SIGNALING", "STAGE_OUT", "RESV_DEL_HOLD", "STOPPED", "SPECIAL_EXIT"];

    /// <summary>True once the job's processes run (or ran).</summary>
    public static bool Started(SlurmJobInfo job) =>
        job.StartTime is > 0 && job.JobState is not ("PENDING" or "CONFIGURING" or "REQUEUED" or "REQUEUE_HOLD" or null);

    /// <summary>The outcome of an ended job; <paramref name="stop"/> is how OnePool asked it to stop, if it did.</summary>
    public static ReplicaOutcome? Outcome(SlurmJobInfo job, DateTimeOffset now, (string State, int? ExitCode, string? Message)? stop)
    {
        ArgumentNullException.ThrowIfNull(job);
        var state = job.JobState ?? "PENDING";
        if (NotEnded.Contains(state))
        {
            return null;
        }

        var at = job.EndTime is > 0 ? DateTimeOffset.FromUnixTimeSeconds(job.EndTime.Value) : now;
        var code = ExitCode(job.ExitCode ?? 0);
        if (stop is { } s && state is not "COMPLETED" and not "NODE_FAIL" and not "BOOT_FAIL")
        {
            return new ReplicaOutcome(s.State, s.ExitCode ?? code, at, s.Message);
        }

        return state switch
        {
            "COMPLETED" => new ReplicaOutcome(ReplicaStates.Succeeded, 0, at, null),
            "FAILED" => new ReplicaOutcome(ReplicaStates.Failed, code == 0 ? 1 : code, at, $"failed in Slurm job {job.JobId} ({job.StateReason})"),
            "TIMEOUT" => new ReplicaOutcome(ReplicaStates.Failed, ReplicaProcess.TimedOutExitCode, at, $"passed its time limit in Slurm job {job.JobId}"),
            "OUT_OF_MEMORY" => new ReplicaOutcome(ReplicaStates.Failed, 137, at, $"ran out of memory in Slurm job {job.JobId}"),
            "CANCELLED" => new ReplicaOutcome(ReplicaStates.Failed, code == 0 ? 143 : code, at, $"Slurm job {job.JobId} was cancelled outside OnePool (scancel)"),
            "NODE_FAIL" or "BOOT_FAIL" => new ReplicaOutcome(ReplicaStates.Lost, code, at, $"Slurm node failure ({state}) on {job.Nodes} in Slurm job {job.JobId}"),
            "PREEMPTED" => new ReplicaOutcome(ReplicaStates.Lost, code, at, $"preempted by Slurm (job {job.JobId})"),
            _ => new ReplicaOutcome(ReplicaStates.Failed, code == 0 ? 1 : code, at, $"Slurm job {job.JobId} ended {state} ({job.StateReason})"),
        };
    }

    /// <summary>A wait status as a shell reports it: the exit code, or 128+N for signal N.</summary>
    public static int ExitCode(int waitStatus) =>
        (waitStatus & 0x7f) != 0 ? 128 + (waitStatus & 0x7f) : (waitStatus >> 8) & 0xff;
}
