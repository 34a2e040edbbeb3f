using System.Net;
using System.Net.Sockets;
using OnePool.TestKit.Processes;

namespace OnePool.TestKit.Postgres;

/// <summary>
/// A real, throw-away PostgreSQL server for tests: <c>initdb</c> into a temporary folder and <c>pg_ctl start</c> on a
/// free loopback port, run as the unprivileged <c>postgres</c> account when the tests run as root; stopped and deleted
/// on dispose. Needs Debian's PostgreSQL, which <c>scripts/test.sh</c> installs (tests never skip).
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    private readonly string _folder;
    private readonly string _bin;

    private PostgresServer(string folder, string bin, int port)
    {
        _folder = folder;
        _bin = bin;
        Port = port;
    }

    public int Port { get; }

    /// <summary>A connection string for <paramref name="database"/> as the superuser.</summary>
    public string ConnectionString(string database = "postgres") =>
        $"Host=127.0.0.1;Port={Port.ToString(System.Globalization.CultureInfo.InvariantCulture)};Username=postgres;Database={database};Pooling=true;Timeout=30";

    /// <summary>Whether Debian's PostgreSQL is installed; <paramref name="why"/> says what is missing when not.</summary>
    public static bool Available(out string why)
    {
        why = FindBin() is null ? "PostgreSQL is not installed (apt-get install postgresql)" : "";
        return why.Length == 0;
    }

    /// <summary>Starts a server. Tests run it with <c>fsync=off</c> (nothing to keep); <paramref name="durable"/>
    /// keeps PostgreSQL's default flushing, for benchmarks of durable writes.</summary>
    public static async Task<PostgresServer> StartAsync(CancellationToken cancellationToken, bool durable = false)
    {
        var bin = FindBin() ?? throw new InvalidOperationException("PostgreSQL is not installed; scripts/test.sh installs it (apt-get install postgresql)");

        var folder = Path.Combine(Path.GetTempPath(), "onepool-pg-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(folder);
        var server = new PostgresServer(folder, bin, FreePort());
        try
        {
            if (Environment.UserName == "root")
            {
                await server.RunAsync("chown", ["-R", "postgres:postgres", folder], asPostgres: false, cancellationToken);
            }

            await server.RunAsync(Path.Combine(bin, "initdb"), ["-D", Path.Combine(folder, "data"), "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-locale"], true, cancellationToken);
            await server.RunAsync(Path.Combine(bin, "pg_ctl"), ["-D", Path.Combine(folder, "data"), "-l", Path.Combine(folder, "log"), "-w", "-o",
                $"-p {server.Port} -k {folder} -c listen_addresses=127.0.0.1{(durable ? "" : " -c fsync=off")}", "start"], true, cancellationToken);
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }

        return server;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await RunAsync(Path.Combine(_bin, "pg_ctl"), ["-D", Path.Combine(_folder, "data"), "-m", "immediate", "-w", "stop"], true, CancellationToken.None);
        }
        catch (InvalidOperationException)
        {
            // not running
        }

        Directory.Delete(_folder, recursive: true);
    }

    private async Task RunAsync(string program, IEnumerable<string> args, bool asPostgres, CancellationToken cancellationToken)
    {
        // As root, initdb and the server run as the unprivileged postgres account (PostgreSQL refuses root).
        var start = asPostgres && Environment.UserName == "root"
            ? ProcessRun.Start("runuser", ["-u", "postgres", "--", program, .. args])
            : ProcessRun.Start(program, args);
        start.WorkingDirectory = _folder;
        var (code, output) = await ProcessRun.RunAsync(start, TimeSpan.FromMinutes(2), cancellationToken);
        if (code != 0)
        {
            throw new InvalidOperationException($"{program} exited {code}: {output}");
        }
    }

    private static string? FindBin() =>
        Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin")).Where(d => File.Exists(Path.Combine(d, "initdb")))
                .OrderByDescending(d => d, StringComparer.Ordinal).FirstOrDefault()
            : null;

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
