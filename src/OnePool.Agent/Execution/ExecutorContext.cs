using Microsoft.Extensions.Logging;

namespace OnePool.Agent.Execution;

/// <summary>What every replica process shares: where files go, the node name, the clock, the logger and the hooks
/// that wake the lease loop.</summary>
/// <param name="DataDirectory">Root of <c>logs/</c>, <c>work/</c> and <c>checkpoints/</c>.</param>
/// <param name="NodeName">Passed to jobs as <c>ONEPOOL_NODE</c>.</param>
/// <param name="Time">Clock for timestamps, max runtime and stop grace.</param>
/// <param name="Logger">Where start and exit lines go.</param>
/// <param name="StateChanged">Called after a replica ended (exited, stopped or failed to start).</param>
/// <param name="OutputWritten">Called after output was appended to a replica's log file (often; debounce it).</param>
internal sealed record ExecutorContext(
    string DataDirectory,
    string NodeName,
    TimeProvider Time,
    ILogger Logger,
    Action<ReplicaKey> StateChanged,
    Action OutputWritten)
{
    /// <summary>Root of the jobs' checkpoint folders (<c>ROOT/job-ID</c>). Default: <c>DATA/checkpoints</c>.</summary>
    public string? CheckpointRoot { get; init; }

    /// <summary>The checkpoint folder of a job, kept across its attempts.</summary>
    public string CheckpointDirectory(long jobId) =>
        Path.Combine(CheckpointRoot ?? Path.Combine(DataDirectory, "checkpoints"), $"job-{jobId.ToString(System.Globalization.CultureInfo.InvariantCulture)}");

    /// <summary>Directory of the replicas' combined stdout/stderr files.</summary>
    public string LogDirectory => Path.Combine(DataDirectory, "logs");

    /// <summary>The log file of one replica; offsets in the lease protocol are byte offsets in it.</summary>
    public string LogPath(ReplicaKey key) => Path.Combine(LogDirectory, key.FileStem + ".log");
}
