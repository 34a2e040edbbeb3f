namespace OnePool.Agent.Execution;

/// <summary>Finds a program the way <c>execvp</c> will, so a missing one fails with a clear message before starting.</summary>
internal static class ProgramLocator
{
    /// <summary>Null when <paramref name="program"/> can be executed (a path to an executable file, or a name found
    /// on <paramref name="path"/>); otherwise why not.</summary>
    public static string? Check(string program, string? path, string workingDirectory)
    {
        ArgumentNullException.ThrowIfNull(program);
        if (program.Length == 0)
        {
            return "the command is empty";
        }

        if (program.Contains('/', StringComparison.Ordinal))
        {
            var full = Path.GetFullPath(program, workingDirectory);
            return IsExecutableFile(full) ? null : $"program '{program}' was not found or is not executable";
        }

        foreach (var dir in (path ?? "/usr/local/bin:/usr/bin:/bin").Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            if (IsExecutableFile(Path.Combine(dir, program)))
            {
                return null;
            }
        }

        return $"program '{program}' was not found on PATH";
    }

    private static bool IsExecutableFile(string path)
    {
        if (!File.Exists(path))
        {
            return false;
        }

        if (OperatingSystem.IsWindows())
        {
            return true;
        }

        const UnixFileMode anyExecute = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
        return (File.GetUnixFileMode(path) & anyExecute) != 0;
    }
}
