using System.Net;
using System.Net.Sockets;
using OnePool.TestKit.Files;
using OnePool.TestKit.Processes;

namespace OnePool.TestKit.Slurm;

/// <summary>
/// A real, throw-away Slurm cluster for tests: munged, slurmctld, two slurmd (n1, n2: 4 CPUs, 8000 MB and four fake
/// a100 GPUs each) and slurmrestd with JWT, all on 127.0.0.1 under a temporary folder, started by
/// <c>scripts/slurm-cluster.sh</c> and stopped by PID on dispose. Needs root and Debian's Slurm packages, which
/// <c>scripts/test.sh</c> installs; without them it fails with the command that installs them (tests never skip).
/// </summary>
public sealed class SlurmCluster : IAsyncDisposable
{
    private static readonly int[] PortOffsets = [17, 20, 101, 102];

    private readonly TempDirectory _folder = new();

    private SlurmCluster(int portBase)
    {
        PortBase = portBase;
        RestUrl = new Uri($"http://127.0.0.1:{portBase + 20}");
    }

    /// <summary>The ports used are PortBase + 17 (slurmctld), + 20 (slurmrestd), + 101 and + 102 (slurmd).</summary>
    public int PortBase { get; }

    public Uri RestUrl { get; }

    public string Folder => _folder.Path;

    /// <summary>The cluster's slurm.conf, for CLI commands (<c>SLURM_CONF</c>).</summary>
    public string SlurmConf => _folder.Combine("etc", "slurm.conf");

    public static async Task<SlurmCluster> StartAsync(CancellationToken cancellationToken)
    {
        var cluster = new SlurmCluster(FreePortBase());
        try
        {
            var (code, output) = await ScriptAsync(["up", cluster.Folder, cluster.PortBase.ToString(System.Globalization.CultureInfo.InvariantCulture)],
                TimeSpan.FromMinutes(5), cancellationToken);
            if (code != 0)
            {
                throw new InvalidOperationException(
                    $"could not start the test Slurm cluster (scripts/slurm-cluster.sh up, exit {code}); as root, `scripts/slurm-cluster.sh install` installs it:\n{output}");
            }
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }

        return cluster;
    }

    /// <summary>A JWT for <paramref name="user"/> (an existing account; jobs run as that user).</summary>
    public async Task<string> TokenAsync(string user, CancellationToken cancellationToken)
    {
        var (code, output) = await ScriptAsync(["token", Folder, user], TimeSpan.FromSeconds(30), cancellationToken);
        return code == 0 && output.Trim().Length > 0 ? output.Trim() : throw new InvalidOperationException($"scontrol token failed: {output}");
    }

    /// <summary>Runs a Slurm client command (<c>scontrol</c>, <c>squeue</c>, <c>scancel</c>) against this cluster.</summary>
    public async Task<(int ExitCode, string Output)> RunAsync(string program, IEnumerable<string> arguments, CancellationToken cancellationToken)
    {
        var start = ProcessRun.Start(program, arguments);
        start.Environment["SLURM_CONF"] = SlurmConf;
        start.Environment.Remove("SLURM_JWT");
        return await ProcessRun.RunAsync(start, TimeSpan.FromSeconds(60), cancellationToken);
    }

    /// <summary>The ids of every job Slurm still knows (finished ones for 5 minutes) whose name is <paramref name="name"/>.</summary>
    public async Task<IReadOnlyList<string>> JobIdsNamedAsync(string name, CancellationToken cancellationToken)
    {
        var (_, output) = await RunAsync("squeue", ["-h", "-t", "all", "-n", name, "-o", "%i"], cancellationToken);
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await ScriptAsync(["down", Folder], TimeSpan.FromSeconds(60), CancellationToken.None);
        }
        finally
        {
            _folder.Dispose();
        }
    }

    private static Task<(int ExitCode, string Output)> ScriptAsync(string[] arguments, TimeSpan timeout, CancellationToken cancellationToken) =>
        ProcessRun.RunAsync(ProcessRun.Start("bash", [Path.Combine(RepositoryRoot.Path, "scripts", "slurm-cluster.sh"), .. arguments]), timeout, cancellationToken);

    /// <summary>A base port whose cluster ports are all free now (two test projects may run clusters at once).</summary>
    private static int FreePortBase()
    {
        for (var attempt = 0; attempt < 50; attempt++)
        {
            var candidate = Random.Shared.Next(200, 300) * 100;
            if (PortOffsets.All(offset => IsFree(candidate + offset)))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException("no free port range for the test Slurm cluster");
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
