using System.CommandLine;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;
using OnePool.Broker.Hosting;

namespace OnePool.Cli.Commands.Service;

/// <summary><c>onepool server</c>: runs the broker in the foreground until Ctrl-C or SIGTERM.</summary>
internal static class ServerCommand
{
    public static Command Create(GlobalOptions globals)
    {
        var data = DataOption(".onepool");
        var port = new Option<int>("--port") { Description = "TCP port (0 picks a free one)", DefaultValueFactory = _ => 5080 };
        var host = new Option<string>("--host") { Description = "Address to listen on; 0.0.0.0 accepts agents from other machines", DefaultValueFactory = _ => "127.0.0.1" };
        var store = new Option<string?>("--store") { Description = "PostgreSQL instead of the SQLite file: postgres://user:password@host:5432/db (or $OnePool__Broker__Store)" };
        var command = new Command("server", "Run the broker: the API, the scheduler and the state store (SQLite file under --data, or PostgreSQL with --store)")
        {
            data, port, host, store,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var folder = Path.GetFullPath(parse.GetValue(data)!);
            await using var broker = await StartBrokerAsync(folder, parse.GetValue(host)!, parse.GetValue(port), quiet: false, cancellationToken, parse.GetValue(store));
            var output = globals.Context.Out;
            await output.WriteLineAsync($"OnePool broker listening on {BrokerHost.BoundAddress(broker.App)}");
            await output.WriteLineAsync($"  state:       {(parse.GetValue(store) is { } pg ? "PostgreSQL (--store)" : BrokerHost.DatabasePath(folder))}");
            await output.WriteLineAsync($"  admin token: {AdminBootstrap.TokenPath(folder)} (use: onepool login {BrokerHost.BoundAddress(broker.App)} --token $(cat {AdminBootstrap.TokenPath(folder)}))");
            await WaitForShutdownAsync(cancellationToken);
            await output.WriteLineAsync("stopping the broker");
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>The <c>--data</c> option.</summary>
    public static Option<string> DataOption(string defaultValue) =>
        new("--data") { Description = $"Folder for state (default: {defaultValue})", DefaultValueFactory = _ => defaultValue };

    /// <summary>Builds, migrates and starts a broker. <paramref name="quiet"/> keeps its log to warnings.</summary>
    public static async Task<RunningBroker> StartBrokerAsync(string folder, string host, int port, bool quiet, CancellationToken cancellationToken, string? store = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["OnePool:Broker:DataDirectory"] = folder,
            ["OnePool:Broker:Host"] = host,
            ["OnePool:Broker:Port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        if (store is not null)
        {
            settings["OnePool:Broker:Store"] = store;
        }
        var app = BrokerHost.Create(settings, quiet ? logging => logging.SetMinimumLevel(LogLevel.Warning) : null);
        try
        {
            var token = await BrokerHost.PrepareAsync(app, cancellationToken);
            await app.StartAsync(cancellationToken);
            return new RunningBroker(app, token);
        }
        catch (IOException e) when (e.InnerException is System.Net.Sockets.SocketException || e.Message.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
        {
            await app.DisposeAsync();
            throw new UsageException($"port {port} on {host} is in use; pick another with --port");
        }
    }

    /// <summary>Waits until the command is cancelled (Ctrl-C or SIGTERM).</summary>
    public static async Task WaitForShutdownAsync(CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // asked to stop
        }
    }
}

/// <summary>A started broker and its admin token; stops it when disposed.</summary>
/// <param name="App">The application.</param>
/// <param name="AdminToken">The admin token, when readable.</param>
internal sealed record RunningBroker(WebApplication App, string? AdminToken) : IAsyncDisposable
{
    public async ValueTask DisposeAsync()
    {
        await App.StopAsync(CancellationToken.None);
        await App.DisposeAsync();
    }
}
