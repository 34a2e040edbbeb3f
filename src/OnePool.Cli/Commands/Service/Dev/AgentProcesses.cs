using System.Diagnostics;

namespace OnePool.Cli.Commands.Service.Dev;

/// <summary>Starts and watches the demo's agents as child processes (<c>onepool agent ...</c>), each logging to
/// its own file, restarting one that exits unexpectedly, and stopping them all with SIGTERM on shutdown.</summary>
internal sealed class AgentProcesses(TextWriter output) : IAsyncDisposable
{
    private readonly List<Child> _children = [];
    private bool _stopping;

    public void Start(DevNode node, Uri broker, string token, string configPath, string dataDirectory, string logPath) =>
        Start(node.Name, broker, token, ["--config", configPath], dataDirectory, logPath);

    /// <summary>Starts <c>onepool agent --broker URL --data DIR ARGS</c> as <paramref name="name"/>.</summary>
    public void Start(string name, Uri broker, string token, IReadOnlyList<string> args, string dataDirectory, string logPath)
    {
        var child = new Child(name, broker, token, args, dataDirectory, logPath);
        _children.Add(child);
        Launch(child);
    }

    private void Launch(Child child)
    {
        var (program, prefix) = Self();
        var start = new ProcessStartInfo(program)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        foreach (var arg in prefix.Concat(["agent", "--broker", child.Broker.ToString(), .. child.Args,
            "--data", child.DataDirectory, "--exit-with-parent", Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            start.ArgumentList.Add(arg);
        }

        // The token goes in the environment, not the command line, where `ps` would show it.
        start.Environment["ONEPOOL_TOKEN"] = child.Token;
        start.Environment.Remove("ONEPOOL_URL");
        var log = new StreamWriter(child.LogPath, append: true) { AutoFlush = true };
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (log) { log.WriteLine(e.Data); } } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (log) { log.WriteLine(e.Data); } } };
        process.Exited += (_, _) => OnExited(child, log);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        child.Process = process;
    }

    private void OnExited(Child child, StreamWriter log)
    {
        lock (log)
        {
            log.Dispose();
        }

        if (_stopping || child.Restarts >= 5)
        {
            return;
        }

        child.Restarts++;
        lock (output)
        {
            output.WriteLine($"warning: agent {child.Name} exited ({child.Process?.ExitCode}); restarting it (see {child.LogPath})");
        }

        Launch(child);
    }

    /// <summary>The program to run for <c>onepool ...</c>: this executable, or <c>dotnet onepool.dll</c>.</summary>
    private static (string Program, string[] Prefix) Self()
    {
        var path = Environment.ProcessPath!;
        return Path.GetFileNameWithoutExtension(path) == "dotnet"
            // AppContext.BaseDirectory, not Assembly.Location, which is empty in a single-file build.
            ? (path, [Path.Combine(AppContext.BaseDirectory, typeof(AgentProcesses).Assembly.GetName().Name + ".dll")])
            : (path, []);
    }

    public async ValueTask DisposeAsync()
    {
        _stopping = true;
        foreach (var child in _children.Where(c => c.Process is { HasExited: false }))
        {
            ProcessSignals.Terminate(child.Process!.Id);
        }

        foreach (var child in _children.Where(c => c.Process is not null))
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            try
            {
                await child.Process!.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                child.Process!.Kill(entireProcessTree: true);
            }

            child.Process.Dispose();
        }
    }

    private sealed class Child(string name, Uri broker, string token, IReadOnlyList<string> args, string dataDirectory, string logPath)
    {
        public string Name { get; } = name;

        public Uri Broker { get; } = broker;

        public string Token { get; } = token;

        public IReadOnlyList<string> Args { get; } = args;

        public string DataDirectory { get; } = dataDirectory;

        public string LogPath { get; } = logPath;

        public Process? Process { get; set; }

        public int Restarts { get; set; }
    }
}

/// <summary>POSIX signals for child processes (.NET's Process.Kill only sends SIGKILL).</summary>
internal static partial class ProcessSignals
{
    private const int SigTerm = 15;

    /// <summary>Asks a process to stop (SIGTERM), so it can stop its own work cleanly.</summary>
    public static void Terminate(int pid) => _ = Kill(pid, SigTerm);

    [System.Runtime.InteropServices.LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
