using System.Runtime.InteropServices;

namespace OnePool.Agent.Execution;

/// <summary>Signals whole process groups with <c>kill(-pgid, sig)</c>. Each replica runs in its own group (started
/// through <c>setsid</c>), so one call reaches the job and every child that stayed in its group.</summary>
internal static partial class ProcessGroup
{
    public const int SigKill = 9;
    public const int SigTerm = 15;

    /// <summary>Sends <paramref name="signal"/> to every process in group <paramref name="pgid"/>; false when the
    /// group no longer exists.</summary>
    public static bool Signal(int pgid, int signal)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(pgid);
        return Kill(-pgid, signal) == 0;
    }

    /// <summary>True while any process (zombies included) is in group <paramref name="pgid"/>.</summary>
    public static bool Exists(int pgid) => Signal(pgid, 0);

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
