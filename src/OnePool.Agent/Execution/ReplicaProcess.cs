using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using OnePool.Contracts.Agents;

namespace OnePool.Agent.Execution;

/// <summary>
/// One replica running as an OS process in its own process group (<c>setsid</c>), its stdout and stderr appended in
/// arrival order to one log file. It ends exactly once, with a <see cref="ReplicaOutcome"/>.
/// </summary>
internal sealed partial class ReplicaProcess : IReplica, IDisposable
{
    /// <summary>Exit code reported when a replica cannot be started (as a shell reports "command not found").</summary>
    public const int StartFailedExitCode = 127;

    /// <summary>Exit code reported when a replica is stopped for passing its max runtime (as timeout(1) does).</summary>
    public const int TimedOutExitCode = 124;

    private static readonly TimeSpan PipeDrainTimeout = TimeSpan.FromSeconds(2);

    private readonly ExecutorContext _context;
    private readonly Lock _lock = new();
    private readonly TaskCompletionSource _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _lifetime = new();
    private FileStream? _log;
    private Process? _process;
    private long _logLength;
    private bool _exitSeen;
    private StopReason? _stopReason;
    private Task? _stopTask;
    private ReplicaOutcome? _outcome;

    private ReplicaProcess(ReplicaAssignment assignment, ExecutorContext context)
    {
        Assignment = assignment;
        _context = context;
        Key = new ReplicaKey(assignment.AttemptId, assignment.ReplicaIndex);
        LogPath = context.LogPath(Key);
    }

    public ReplicaKey Key { get; }

    public ReplicaAssignment Assignment { get; }

    /// <summary>The combined output file; protocol offsets are byte offsets in it.</summary>
    public string LogPath { get; }

    /// <summary>The process id, which is also its process group id; null when it never started.</summary>
    public int? Pid { get; private set; }

    public DateTimeOffset? StartedAt { get; private set; }

    /// <summary>Null while running; set once when the replica has ended and its log file is final.</summary>
    public ReplicaOutcome? Outcome
    {
        get { lock (_lock) { return _outcome; } }
    }

    /// <summary>Bytes in the log file so far.</summary>
    public long LogLength => Interlocked.Read(ref _logLength);

    /// <summary>Completes when <see cref="Outcome"/> is set.</summary>
    public Task Ended => _ended.Task;

    /// <summary>Starts <paramref name="assignment"/>. Never throws for a bad assignment: a replica that cannot start
    /// ends at once as failed with exit code 127 and says why in its message and its log.</summary>
    public static ReplicaProcess Start(ReplicaAssignment assignment, ExecutorContext context)
    {
        ArgumentNullException.ThrowIfNull(assignment);
        ArgumentNullException.ThrowIfNull(context);
        var replica = new ReplicaProcess(assignment, context);
        replica.StartCore();
        return replica;
    }

    public void Dispose()
    {
        _lifetime.Cancel();
        lock (_lock)
        {
            _log?.Dispose();
            _log = null;
        }

        _process?.Dispose();
        _lifetime.Dispose();
    }

    private void StartCore()
    {
        Directory.CreateDirectory(_context.LogDirectory);
        // Append, so that offsets stay valid if a restarted agent is told to run the same replica again.
        _log = new FileStream(LogPath, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
        _logLength = _log.Length;
        StartedAt = _context.Time.GetUtcNow();
        var error = Launch();
        if (error is not null)
        {
            Append(Encoding.UTF8.GetBytes($"onepool: {error}\n"));
            Log.FailedToStart(_context.Logger, Key.AttemptId, Key.ReplicaIndex, error);
            Finish(new ReplicaOutcome(ReplicaStates.Failed, StartFailedExitCode, _context.Time.GetUtcNow(), error));
            return;
        }

        Log.Started(_context.Logger, Key.AttemptId, Key.ReplicaIndex, Assignment.JobId, Pid!.Value);
        var pumps = Task.WhenAll(PumpAsync(_process!.StandardOutput.BaseStream), PumpAsync(_process.StandardError.BaseStream));
        _ = MonitorAsync(pumps);
        if (Assignment.MaxRuntimeSeconds is { } seconds)
        {
            _ = EnforceMaxRuntimeAsync(seconds);
        }
    }

    private string? Launch()
    {
        var (workdir, error) = ReplicaEnvironment.WorkingDirectory(Assignment, _context);
        if (error is not null)
        {
            return error;
        }

        var start = new ProcessStartInfo("/usr/bin/setsid")
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workdir,
        };
        ReplicaEnvironment.Apply(start.Environment, Assignment, _context);
        if (Assignment.Script is { } script)
        {
            start.ArgumentList.Add("/bin/bash");
            start.ArgumentList.Add("-c");
            start.ArgumentList.Add(script);
        }
        else
        {
            if (Assignment.Command.Count == 0)
            {
                return "the assignment has neither a command nor a script";
            }

            start.Environment.TryGetValue("PATH", out var path);
            if (ProgramLocator.Check(Assignment.Command[0], path, workdir!) is { } missing)
            {
                return missing;
            }

            foreach (var argument in Assignment.Command)
            {
                start.ArgumentList.Add(argument);
            }
        }

        try
        {
            _process = Process.Start(start) ?? throw new InvalidOperationException("Process.Start returned null");
        }
        catch (Win32Exception e)
        {
            return $"cannot start the process: {e.Message}";
        }

        // The job gets an empty stdin rather than the agent's.
        _process.StandardInput.Close();
        Pid = _process.Id;
        return null;
    }

    private async Task PumpAsync(Stream source)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = await source.ReadAsync(buffer, _lifetime.Token)) > 0)
            {
                Append(buffer.AsSpan(0, read));
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or ObjectDisposedException)
        {
            // Abandoned: a descendant that left the process group still holds the pipe.
        }
    }

    private void Append(ReadOnlySpan<byte> data)
    {
        lock (_lock)
        {
            if (_log is null)
            {
                return;
            }

            _log.Write(data);
            _log.Flush();
            Interlocked.Add(ref _logLength, data.Length);
        }

        _context.OutputWritten();
    }

    private async Task MonitorAsync(Task pumps)
    {
        await _process!.WaitForExitAsync(CancellationToken.None);
        var exitCode = _process.ExitCode;
        StopReason? reason;
        lock (_lock)
        {
            _exitSeen = true;
            reason = _stopReason;
        }

        _exited.TrySetResult();
        // Background children of a finished job must not linger; they are in its group unless they left it.
        ProcessGroup.Signal(Pid!.Value, ProcessGroup.SigKill);
        try
        {
            await pumps.WaitAsync(PipeDrainTimeout, _context.Time, CancellationToken.None);
        }
        catch (TimeoutException)
        {
            await _lifetime.CancelAsync();
        }

        var now = _context.Time.GetUtcNow();
        var outcome = reason is not null
            ? new ReplicaOutcome(reason.State, reason.ExitCode ?? exitCode, now, reason.Message)
            : exitCode == 0
                ? new ReplicaOutcome(ReplicaStates.Succeeded, 0, now, null)
                : new ReplicaOutcome(ReplicaStates.Failed, exitCode, now, DescribeExit(exitCode));
        Log.Exited(_context.Logger, Key.AttemptId, Key.ReplicaIndex, outcome.State, outcome.ExitCode);
        Finish(outcome);
    }

    private void Finish(ReplicaOutcome outcome)
    {
        lock (_lock)
        {
            _outcome = outcome;
            _log?.Dispose();
            _log = null;
        }

        _lifetime.Cancel();
        _context.StateChanged(Key);
        _ended.TrySetResult();
    }

    private static string DescribeExit(int exitCode) => exitCode is > 128 and < 128 + 65
        ? string.Create(CultureInfo.InvariantCulture, $"exited with code {exitCode} (signal {exitCode - 128})")
        : string.Create(CultureInfo.InvariantCulture, $"exited with code {exitCode}");

    private sealed record StopReason(string State, int? ExitCode, string? Message);
}
