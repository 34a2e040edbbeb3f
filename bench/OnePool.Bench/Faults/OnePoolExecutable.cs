using System.Diagnostics;

namespace OnePool.Bench.Faults;

/// <summary>Finds the Release build of <c>onepool</c> (artifacts/bin/OnePool.Cli/release/onepool), building it once
/// when it is missing.</summary>
internal static class OnePoolExecutable
{
    public const string BuildCommand = "dotnet build src/OnePool.Cli/OnePool.Cli.csproj -c Release";

    /// <summary>Returns the executable's path, or null after printing one line that says how to build it.</summary>
    public static string? Find(TextWriter output)
    {
        // This program runs from artifacts/bin/OnePool.Bench/<config>/; the CLI is next to it under OnePool.Cli.
        var bin = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd('/')).Parent?.Parent;
        var root = bin?.Parent?.Parent?.FullName;
        if (bin is null || root is null)
        {
            output.WriteLine($"error: cannot find the repository from {AppContext.BaseDirectory}; run {BuildCommand} and this bench from the checkout");
            return null;
        }

        var path = Path.Combine(bin.FullName, "OnePool.Cli", "release", "onepool");
        if (!File.Exists(path))
        {
            output.WriteLine($"onepool is not built at {path}; running: {BuildCommand}");
            Build(root);
        }

        if (File.Exists(path))
        {
            return path;
        }

        output.WriteLine($"error: the onepool executable is missing at {path}; build it with: {BuildCommand}");
        return null;
    }

    private static void Build(string root)
    {
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, WorkingDirectory = root };
        foreach (var arg in new[] { "build", "src/OnePool.Cli/OnePool.Cli.csproj", "-c", "Release", "-nologo", "-v", "q" })
        {
            start.ArgumentList.Add(arg);
        }

        try
        {
            using var build = Process.Start(start);
            build?.WaitForExit();
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // No dotnet on PATH: the caller reports the missing executable.
        }
    }
}
