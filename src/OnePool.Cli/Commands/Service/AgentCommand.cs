using System.CommandLine;
using OnePool.Agent;
using OnePool.Cli.Config;

namespace OnePool.Cli.Commands.Service;

/// <summary><c>onepool agent</c>: joins this machine (one node) to a site of the pool.</summary>
internal static class AgentCommand
{
    public static Command Create(GlobalOptions globals)
    {
        var broker = new Option<string?>("--broker") { Description = "Broker URL, or the URLs of all its replicas separated by commas (default: --url, $ONEPOOL_URL or the config file)" };
        var config = new Option<string?>("--config") { Description = "Node config YAML (node name, cpu, memory, accelerators, labels); default: detect everything" };
        var data = ServerCommand.DataOption(".onepool-agent");
        var fence = new Option<string>("--self-fence-after")
        {
            Description = "Stop this node's jobs after this long cut off from the broker, e.g. 25s (0 turns it off)",
            DefaultValueFactory = _ => "25s",
        };
        var parent = new Option<int?>("--exit-with-parent") { Description = "Stop when this process id exits (used by `onepool dev`)", Hidden = true };
        var slurm = new SlurmAgentOptions();
        var command = new Command("agent", "Run a site agent: join this node (or, with --executor slurm, a Slurm cluster) to a site with the site's token (--token or $ONEPOOL_TOKEN)")
        {
            broker, config, data, fence, parent,
        };
        foreach (var option in slurm.All)
        {
            command.Options.Add(option);
        }

        command.SetAction(async (parse, cancellationToken) =>
        {
            var resolved = CliConfig.Resolve(parse.GetValue(broker) ?? parse.GetValue(globals.Url), parse.GetValue(globals.Token), globals.Context.GetEnvironmentVariable);
            if (string.IsNullOrEmpty(resolved.Token))
            {
                throw new UsageException("the agent needs its site's token: pass --token or set ONEPOOL_TOKEN (get one with `onepool sites add NAME`)");
            }

            if (parse.GetValue(config) is { } path && !File.Exists(path))
            {
                throw new UsageException($"node config {path} does not exist");
            }

            var slurmSettings = slurm.Read(parse, globals.Context.GetEnvironmentVariable);
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var watchdog = parse.GetValue(parent) is { } parentId ? WatchParentAsync(parentId, stop) : Task.CompletedTask;
            var code = await AgentRunner.RunAsync(new AgentLaunchOptions
            {
                BrokerUrl = resolved.Url,
                BrokerUrls = resolved.Urls,
                Token = resolved.Token,
                ConfigPath = parse.GetValue(config),
                DataDirectory = Path.GetFullPath(parse.GetValue(data)!),
                SelfFenceAfter = FenceAfter(parse.GetValue(fence)!),
                Slurm = slurmSettings,
            }, stop.Token);
            await stop.CancelAsync();
            await watchdog;
            return code;
        });
        return command;
    }

    private static TimeSpan FenceAfter(string text) =>
        text.Trim() == "0" ? TimeSpan.Zero
            : Core.Resources.DurationText.TryParse(text, out var after, out var error) ? after
            : throw new UsageException($"--self-fence-after: {error}");

    /// <summary>Cancels <paramref name="stop"/> once the parent process is gone, so agents started by
    /// <c>onepool dev</c> do not outlive it (a SIGKILLed parent cannot stop them itself).</summary>
    private static async Task WatchParentAsync(int parentId, CancellationTokenSource stop)
    {
        try
        {
            using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
            while (await timer.WaitForNextTickAsync(stop.Token))
            {
                if (!IsAlive(parentId))
                {
                    await stop.CancelAsync();
                    return;
                }
            }
        }
        catch (OperationCanceledException)
        {
            // the agent stopped first
        }
    }

    private static bool IsAlive(int pid)
    {
        try
        {
            // /proc/PID/stat: "pid (comm) S ..."; a zombie (Z) has exited.
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..].FirstOrDefault() != 'Z';
        }
        catch (IOException)
        {
            return false;
        }
    }
}
