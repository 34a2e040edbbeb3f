using System.Diagnostics;

namespace OnePool.Cli.Commands.Service.Dev;

/// <summary>
/// <c>onepool dev --slurm</c>: a real two-node Slurm cluster on 127.0.0.1 (scripts/slurm-cluster.sh: slurmctld, two
/// slurmd with four fake a100 GPUs each, slurmrestd with JWT) under DATA/slurm, joined to the demo pool as the site
/// <c>hpc</c> by a <c>--executor slurm</c> agent; jobs run as <c>nobody</c>. Stopped with the demo.
/// </summary>
internal sealed class DevSlurm : IAsyncDisposable
{
    /// <summary>The Slurm account demo jobs run as.</summary>
    public const string User = "nobody";

    /// <summary>Slurm nodes the demo cluster has.</summary>
    public const int Nodes = 2;

    private readonly string _script;

    private DevSlurm(string script, string folder, Uri restUrl, string tokenFile)
    {
        _script = script;
        Folder = folder;
        RestUrl = restUrl;
        TokenFile = tokenFile;
    }

    public string Folder { get; }

    public Uri RestUrl { get; }

    public string TokenFile { get; }

    /// <summary>Starts the cluster, or says in one line why it cannot (not installed, not root).</summary>
    public static async Task<DevSlurm> StartAsync(string dataFolder, TextWriter output, CancellationToken cancellationToken)
    {
        var script = FindScript() ?? throw new UsageException(
            "--slurm needs scripts/slurm-cluster.sh from the OnePool checkout; run onepool dev --slurm from the checkout (./onepool dev --slurm)");
        if (!File.Exists("/usr/sbin/slurmctld") || !File.Exists("/usr/sbin/slurmrestd"))
        {
            throw new UsageException($"--slurm needs Slurm installed: sudo {script} install (Debian's slurmctld, slurmd, slurmrestd, munge and the JWT plugin)");
        }

        if (Environment.UserName != "root")
        {
            throw new UsageException("--slurm starts slurmd and munged, which need root on this machine; run it as root (or leave --slurm out)");
        }

        var folder = Path.Combine(dataFolder, "slurm");
        await output.WriteLineAsync($"starting a two-node Slurm cluster under {folder}");
        var (code, text) = await RunAsync(script, ["up", folder], cancellationToken);
        if (code != 0)
        {
            throw new UsageException($"the local Slurm cluster did not start (see {Path.Combine(folder, "log")}): {text.Trim().Split('\n')[^1]}");
        }

        var url = text.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith("SLURM_REST_URL=", StringComparison.Ordinal))?["SLURM_REST_URL=".Length..]
            ?? throw new UsageException("scripts/slurm-cluster.sh up printed no SLURM_REST_URL");
        var (tokenCode, token) = await RunAsync(script, ["token", folder, User], cancellationToken);
        if (tokenCode != 0 || token.Trim().Length == 0)
        {
            throw new UsageException($"could not mint a Slurm token for {User}: {token.Trim()}");
        }

        var tokenFile = Path.Combine(folder, "onepool.jwt");
        await File.WriteAllTextAsync(tokenFile, token.Trim() + "\n", cancellationToken);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(tokenFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        return new DevSlurm(script, folder, new Uri(url), tokenFile);
    }

    /// <summary>The agent's arguments for this cluster.</summary>
    public IReadOnlyList<string> AgentArgs() =>
        ["--executor", "slurm", "--slurm-url", RestUrl.ToString(), "--slurm-user", User, "--slurm-token-file", TokenFile];

    public async ValueTask DisposeAsync() => await RunAsync(_script, ["down", Folder], CancellationToken.None);

    private static string? FindScript()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Environment.CurrentDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "scripts", "slurm-cluster.sh");
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        return null;
    }

    private static async Task<(int, string)> RunAsync(string script, IEnumerable<string> args, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(script);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        return (process.ExitCode, await stdout + await stderr);
    }
}
