using OnePool.Simulator.Traces;

namespace OnePool.Simulator.Engine;

/// <summary>Where a simulated job is in its life.</summary>
internal enum JobPhase
{
    NotArrived,
    Pending,
    Running,

    /// <summary>Preempted: it holds its devices until its stop grace ends.</summary>
    Stopping,

    /// <summary>Its node failed: it holds its devices until the broker declares it lost and requeues it.</summary>
    Recovering,
    Finished,

    /// <summary>Failed for a reason of its own (a user failure); not retried.</summary>
    Failed,
}

/// <summary>
/// The mutable state of one job in a simulation. Work is counted in V100-seconds: a job of <c>V100Seconds</c> work
/// running on a model of relative speed s progresses s V100-seconds per second. Progress of the current attempt is
/// computed from its start, not stepped, so nothing happens between events.
/// </summary>
internal sealed class SimJob(int index, TraceJob trace, int replicas, int perReplica)
{
    public int Index { get; } = index;

    public TraceJob Trace { get; } = trace;

    /// <summary>Gang shape: replicas, each on one node, each with <see cref="PerReplica"/> devices.</summary>
    public int Replicas { get; } = replicas;

    public int PerReplica { get; } = perReplica;

    public int Gpus => Replicas * PerReplica;

    public JobPhase Phase { get; set; } = JobPhase.NotArrived;

    /// <summary>Progress kept when the current attempt started (or the last one ended).</summary>
    public double DoneWork { get; set; }

    /// <summary>Progress saved by the last checkpoint, and the storage domain holding it (null before any).</summary>
    public double CheckpointWork { get; set; }

    public string? CheckpointDomain { get; set; }

    /// <summary>Bumped on every start, so that events of an ended attempt are recognised as stale.</summary>
    public int Attempt { get; set; }

    public int Preemptions { get; set; }

    public int NodeFailures { get; set; }

    /// <summary>Progress at which the job fails for its own reasons, if it is drawn to (user failure model).</summary>
    public double? UserFailureAtWork { get; set; }

    // The current attempt.
    public string Model { get; set; } = "";

    public double Speed { get; set; } = 1;

    public int Site { get; set; } = -1;

    public List<(int Node, ulong Devices)> Allocation { get; } = [];

    /// <summary>When the current attempt was given its devices.</summary>
    public double Dispatched { get; set; }

    /// <summary>When the current attempt starts making progress (after a restart delay, if it is a restart).</summary>
    public double AttemptStart { get; set; }

    /// <summary>Progress when the current attempt started.</summary>
    public double WorkAtStart { get; set; }

    /// <summary>True after a failure: the next start pays the restart delay.</summary>
    public bool NeedsRestart { get; set; }

    /// <summary>When the current attempt stopped making progress (preempted or failed); progress is frozen after it.</summary>
    public double? FrozenAt { get; set; }

    // Outcome and accounting.
    public double? FirstStart { get; set; }

    public double? End { get; set; }

    /// <summary>Accelerator-seconds of service received so far, before the current attempt (Tiresias' attained service).</summary>
    public double AttainedBefore { get; set; }

    public double AllocatedGpuSeconds { get; set; }

    public double ProductiveGpuSeconds { get; set; }

    public double Cost { get; set; }

    /// <summary>Free per-policy slot (e.g. LAS' queue), owned by the policy in force.</summary>
    public int PolicyTag { get; set; }

    public double Remaining => Trace.V100Seconds - DoneWork;

    /// <summary>Progress at <paramref name="now"/>, counting the current attempt if it runs.</summary>
    public double WorkAt(double now)
    {
        if (Phase is not (JobPhase.Running or JobPhase.Stopping or JobPhase.Recovering))
        {
            return DoneWork;
        }

        var until = Math.Min(now, FrozenAt ?? now);
        return Math.Min(Trace.V100Seconds, DoneWork + (Math.Max(0, until - AttemptStart) * Speed));
    }

    /// <summary>Accelerator-seconds of service at <paramref name="now"/>, the current attempt included.</summary>
    public double AttainedAt(double now) =>
        Phase is JobPhase.Running or JobPhase.Stopping or JobPhase.Recovering
            ? AttainedBefore + (Gpus * Math.Max(0, Math.Min(now, FrozenAt ?? now) - AttemptStart))
            : AttainedBefore;

    public override string ToString() => $"job {Trace.Id} (#{Index}, {Gpus} GPUs, {Phase})";
}
