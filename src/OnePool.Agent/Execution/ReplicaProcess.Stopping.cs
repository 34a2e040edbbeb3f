using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging;

namespace OnePool.Agent.Execution;

/// <summary>Stopping: on the broker's order, on shutdown, or when the max runtime passes.</summary>
internal sealed partial class ReplicaProcess
{
    /// <summary>True once a stop was requested (it may still be in its grace period).</summary>
    public bool StopRequested
    {
        get { lock (_lock) { return _stopTask is not null; } }
    }

    /// <summary>Stops the replica: SIGTERM to its process group, SIGKILL after <paramref name="grace"/> (or at once when
    /// <paramref name="cancellationToken"/> fires). Reported with <paramref name="state"/>, and
    /// <paramref name="exitCode"/> when given (else the real one), unless it had already exited by itself.
    /// Completes when the replica has ended; a second call joins the first.</summary>
    public Task StopAsync(string state, int? exitCode, string? message, TimeSpan grace, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (_stopTask is not null || _outcome is not null || _process is null)
            {
                return _stopTask ?? _ended.Task;
            }

            if (!_exitSeen)
            {
                _stopReason = new StopReason(state, exitCode, message);
            }

            _stopTask = StopCoreAsync(grace, cancellationToken);
            return _stopTask;
        }
    }

    private async Task StopCoreAsync(TimeSpan grace, CancellationToken cancellationToken)
    {
        var pgid = Pid!.Value;
        ProcessGroup.Signal(pgid, ProcessGroup.SigTerm);
        try
        {
            await Task.WhenAny(_exited.Task, Task.Delay(grace, _context.Time, cancellationToken));
        }
        finally
        {
            if (!_exited.Task.IsCompleted)
            {
                ProcessGroup.Signal(pgid, ProcessGroup.SigKill);
            }
        }

        await _ended.Task;
    }

    private async Task EnforceMaxRuntimeAsync(int seconds)
    {
        try
        {
            await Task.Delay(TimeSpan.FromSeconds(seconds), _context.Time, _lifetime.Token);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        var message = string.Create(CultureInfo.InvariantCulture, $"exceeded its max runtime of {seconds} s");
        Append(Encoding.UTF8.GetBytes($"onepool: {message}; stopping\n"));
        await StopAsync(ReplicaStates.Failed, TimedOutExitCode, message,
            TimeSpan.FromSeconds(Assignment.StopGraceSeconds), CancellationToken.None);
    }

    private static partial class Log
    {
        [LoggerMessage(100, LogLevel.Information, "agent: started attempt {AttemptId} replica {ReplicaIndex} (job {JobId}) pid {Pid}")]
        public static partial void Started(ILogger logger, long attemptId, int replicaIndex, long jobId, int pid);

        [LoggerMessage(101, LogLevel.Information, "agent: attempt {AttemptId} replica {ReplicaIndex} exited {ExitCode} ({State})")]
        public static partial void Exited(ILogger logger, long attemptId, int replicaIndex, string state, int exitCode);

        [LoggerMessage(102, LogLevel.Warning, "agent: attempt {AttemptId} replica {ReplicaIndex} failed to start: {Reason}")]
        public static partial void FailedToStart(ILogger logger, long attemptId, int replicaIndex, string reason);
    }
}
