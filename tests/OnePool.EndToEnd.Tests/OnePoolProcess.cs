using System.Diagnostics;
using System.Text;

namespace OnePool.EndToEnd.Tests;

/// <summary>A running <c>onepool</c> process with its output captured.</summary>
public sealed class OnePoolProcess : IAsyncDisposable
{
    private readonly StringBuilder _output = new();

    private OnePoolProcess(Process process) => Process = process;

    public Process Process { get; }

    public int Id => Process.Id;

    /// <summary>Everything it printed so far (stdout and stderr interleaved).</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public static OnePoolProcess Start(IEnumerable<string> args, IReadOnlyDictionary<string, string> env, string workingDirectory)
    {
        var start = Executable.StartInfo(args, env, workingDirectory);
        var process = new Process { StartInfo = start };
        var wrapper = new OnePoolProcess(process);
        process.OutputDataReceived += (_, e) => wrapper.Append(e.Data);
        process.ErrorDataReceived += (_, e) => wrapper.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return wrapper;
    }

    /// <summary>Sends a POSIX signal (SIGINT = 2, SIGKILL = 9, SIGTERM = 15).</summary>
    public void Signal(int signal) => _ = Posix.Kill(Process.Id, signal);

    public async ValueTask DisposeAsync()
    {
        if (!Process.HasExited)
        {
            Process.Kill(entireProcessTree: true);
            await Process.WaitForExitAsync();
        }

        Process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }
}

/// <summary>Where the <c>onepool</c> executable is and how to start it.</summary>
public static class Executable
{
    /// <summary>The build output of OnePool.Cli next to this test's own build output (same configuration).</summary>
    public static string Path { get; } = Find();

    public static ProcessStartInfo StartInfo(IEnumerable<string> args, IReadOnlyDictionary<string, string> env, string workingDirectory)
    {
        var start = new ProcessStartInfo(Path)
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

        // A clean environment for OnePool's own variables: nothing from the developer's shell leaks in.
        foreach (var key in new[] { "ONEPOOL_URL", "ONEPOOL_TOKEN", "ONEPOOL_CONFIG", "ONEPOOL_INVOKED_AS" })
        {
            start.Environment.Remove(key);
        }

        foreach (var (key, value) in env)
        {
            start.Environment[key] = value;
        }

        return start;
    }

    private static string Find()
    {
        // artifacts/bin/OnePool.EndToEnd.Tests/<config>/ -> artifacts/bin/OnePool.Cli/<config>/onepool
        var here = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd('/'));
        var path = System.IO.Path.Combine(here.Parent!.Parent!.FullName, "OnePool.Cli", here.Name, "onepool");
        return File.Exists(path) ? path : throw new FileNotFoundException($"the onepool executable is not built at {path}");
    }
}

internal static partial class Posix
{
    [System.Runtime.InteropServices.LibraryImport("libc", EntryPoint = "kill")]
    public static partial int Kill(int pid, int signal);

    /// <summary>True when the process has exited (PID 1 here does not reap orphans, so a zombie counts as gone).</summary>
    public static bool IsGone(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[0] is "Z" or "X";
        }
        catch (IOException)
        {
            return true;
        }
    }
}
