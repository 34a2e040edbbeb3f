using OnePool.Simulator.Failures;

namespace OnePool.Simulator.Engine;

/// <summary>Settings of one simulation run.</summary>
internal sealed record SimulationOptions
{
    /// <summary>Seed of every random draw (failures, assigned job types). Default: 42.</summary>
    public int Seed { get; init; } = 42;

    /// <summary>What fails. Default: nothing.</summary>
    public FailureModel Failures { get; init; } = FailureModel.None;

    /// <summary>Seconds of running between periodic checkpoints; 0 for none (a failure then loses the whole attempt).
    /// A preempted job always checkpoints in its stop grace period. Default: 3600 (1 hour).</summary>
    public double CheckpointIntervalSeconds { get; init; } = 3600;

    /// <summary>Time from a node failure to the broker declaring its attempts lost and requeueing them: the broker's
    /// <c>LostTimeout</c> (BrokerOptions, 30 s). The job's other devices stay held until then.</summary>
    public double DetectionSeconds { get; init; } = 30;

    /// <summary>Time from a restart's dispatch to the job running again: one agent lease interval (BrokerOptions
    /// <c>LeaseInterval</c>, 5 s), in which the agent learns of the attempt. Charged to attempts after a failure.</summary>
    public double RestartSeconds { get; init; } = 5;

    /// <summary>Stop grace of a preempted job (SIGTERM to SIGKILL, 10 s by default in the agent); it holds its devices
    /// meanwhile. Policies that preempt immediately (LAS) pass 0.</summary>
    public double PreemptionGraceSeconds { get; init; } = 10;

    /// <summary>Check that the devices held match the jobs running after every cycle (cheap; on by default).</summary>
    public bool CheckInvariants { get; init; } = true;
}
