namespace OnePool.Store.Records;

/// <summary>A live attempt (dispatched, running or stopping) with what the scheduler needs of its job.</summary>
public sealed class LiveAttemptRecord
{
    /// <summary>Attempt.</summary>
    public long AttemptId { get; set; }

    /// <summary>Job.</summary>
    public long JobId { get; set; }

    /// <summary>The job's tenant.</summary>
    public string Tenant { get; set; } = "";

    /// <summary>The job's priority.</summary>
    public long Priority { get; set; }

    /// <summary>The job's submitted JobSpec as JSON.</summary>
    public string Spec { get; set; } = "";

    /// <summary>Attempt state word.</summary>
    public string State { get; set; } = "";

    /// <summary>Site.</summary>
    public string Site { get; set; } = "";

    /// <summary>Accelerator choice, e.g. <c>T4:1</c>, or empty.</summary>
    public string Accelerator { get; set; } = "";

    /// <summary>Dispatch time.</summary>
    public long CreatedAt { get; set; }

    /// <summary>Why the broker asked it to stop: null or <c>preempt</c>.</summary>
    public string? StopCause { get; set; }

    /// <summary>When its job last marked a checkpoint, if ever.</summary>
    public long? CheckpointAt { get; set; }
}

/// <summary>An attempt that held accelerators, for recent-usage accounting.</summary>
public sealed class AcceleratorUsageRecord
{
    /// <summary>Attempt.</summary>
    public long AttemptId { get; set; }

    /// <summary>The job's tenant.</summary>
    public string Tenant { get; set; } = "";

    /// <summary>Accelerator choice per replica, e.g. <c>A100-80G:8</c>.</summary>
    public string Accelerator { get; set; } = "";

    /// <summary>Number of replicas (gang size).</summary>
    public long Replicas { get; set; }

    /// <summary>Dispatch time.</summary>
    public long CreatedAt { get; set; }

    /// <summary>When every replica ran, if it did.</summary>
    public long? StartedAt { get; set; }

    /// <summary>End time; null while live.</summary>
    public long? FinishedAt { get; set; }
}
