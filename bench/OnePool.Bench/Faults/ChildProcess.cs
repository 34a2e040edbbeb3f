using System.Diagnostics;

namespace OnePool.Bench.Faults;

/// <summary>A process this bench started (server or agent), with the last lines it printed kept for errors.</summary>
internal sealed class ChildProcess : IDisposable
{
    private const int KeptLines = 40;
    private readonly Queue<string> _tail = new();

    private ChildProcess(Process process) => Process = process;

    public Process Process { get; }

    /// <summary>The last lines of its stdout and stderr, interleaved.</summary>
    public string Tail
    {
        get
        {
            lock (_tail)
            {
                return string.Join('\n', _tail);
            }
        }
    }

    public static ChildProcess Start(string executable, IEnumerable<string> args, IReadOnlyDictionary<string, string> env, string workingDirectory)
    {
        var start = new ProcessStartInfo(executable)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            WorkingDirectory = workingDirectory,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        // Nothing of the caller's own OnePool settings leaks into the pool under test.
        foreach (var key in new[] { "ONEPOOL_URL", "ONEPOOL_TOKEN", "ONEPOOL_CONFIG", "ONEPOOL_INVOKED_AS" })
        {
            start.Environment.Remove(key);
        }

        foreach (var (key, value) in env)
        {
            start.Environment[key] = value;
        }

        var child = new ChildProcess(new Process { StartInfo = start });
        child.Process.OutputDataReceived += (_, e) => child.Append(e.Data);
        child.Process.ErrorDataReceived += (_, e) => child.Append(e.Data);
        child.Process.Start();
        child.Process.BeginOutputReadLine();
        child.Process.BeginErrorReadLine();
        return child;
    }

    /// <summary>SIGKILLs the process and every descendant (an agent's job processes too), then reaps it.</summary>
    public void KillTree()
    {
        try
        {
            if (!Process.HasExited)
            {
                Process.Kill(entireProcessTree: true);
            }

            Process.WaitForExit(5000);
        }
        catch (InvalidOperationException)
        {
            // Never started or already reaped: nothing left to kill.
        }
    }

    public void Dispose()
    {
        KillTree();
        Process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_tail)
        {
            _tail.Enqueue(line);
            if (_tail.Count > KeptLines)
            {
                _tail.Dequeue();
            }
        }
    }
}
