using System.Runtime.InteropServices;

namespace OnePool.Broker.Hosting;

/// <summary>
/// Fault-injection points for the crash tests, named in the environment variable <c>ONEPOOL_FAILPOINTS</c>
/// (comma-separated). Off unless named; each fires once per process. Like etcd's and TiKV's failpoints, they let a
/// test stop a real process at an exact moment instead of hoping a signal lands there.
/// </summary>
internal static partial class Failpoints
{
    /// <summary>The leader stops itself (SIGSTOP) just before committing a cycle that dispatches work, as a long GC
    /// pause or a frozen VM would: the test resumes it after another replica has taken over.</summary>
    public const string StopBeforeCommit = "stop-before-commit";

    private const int SigStop = 19; // Linux

    private static readonly HashSet<string> Armed = new(
        (Environment.GetEnvironmentVariable("ONEPOOL_FAILPOINTS") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
        StringComparer.Ordinal);

    /// <summary>Fires <paramref name="name"/> if it is armed and has not fired yet.</summary>
    public static void Hit(string name)
    {
        lock (Armed)
        {
            if (!Armed.Remove(name))
            {
                return;
            }
        }

        Console.Out.WriteLine($"failpoint {name}: stopping process {Environment.ProcessId}");
        Console.Out.Flush();
        if (name == StopBeforeCommit && OperatingSystem.IsLinux())
        {
            // raise() sends the signal to this thread, which stops before it returns. kill(getpid()) let the kernel
            // pick the main thread to take it while this one ran on for a moment: into the commit, whose BEGIN and
            // lock reached PostgreSQL before the process stopped (the frozen-leader test then failed 1 run in 4).
            _ = Raise(SigStop);
        }
    }

    [LibraryImport("libc", EntryPoint = "raise", SetLastError = true)]
    private static partial int Raise(int signal);
}
