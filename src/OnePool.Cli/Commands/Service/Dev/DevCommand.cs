using System.CommandLine;
using OnePool.Broker.Hosting;
using OnePool.Cli.Client;
using OnePool.Cli.Config;
using OnePool.Contracts.Sites;

namespace OnePool.Cli.Commands.Service.Dev;

/// <summary>
/// <c>onepool dev</c>: the zero-setup demo. A broker on 127.0.0.1 with a SQLite file under <c>--data</c>, the sites
/// <c>gpu-centre</c> (2 nodes x 8 A100-80G) and <c>edge</c> (1 node x 2 T4) joined by real agent processes, and
/// the CLI config written so that the next <c>onepool</c> command in another terminal just works.
/// </summary>
internal static class DevCommand
{
    public static Command Create(GlobalOptions globals)
    {
        var data = ServerCommand.DataOption(".onepool");
        var port = new Option<int>("--port") { Description = "Broker port", DefaultValueFactory = _ => 5080 };
        var slurm = new Option<bool>("--slurm") { Description = "Also start a local two-node Slurm cluster and join it as the site hpc (needs Slurm installed, and root)" };
        var command = new Command("dev", "Run a demo pool on this machine: a broker plus local agents (gpu-centre and edge) until Ctrl-C")
        {
            data, port, slurm,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var output = globals.Context.Out;
            var folder = Path.GetFullPath(parse.GetValue(data)!);
            await using var slurmCluster = parse.GetValue(slurm) ? await DevSlurm.StartAsync(folder, output, cancellationToken) : null;
            await using var broker = await ServerCommand.StartBrokerAsync(folder, "127.0.0.1", parse.GetValue(port), quiet: true, cancellationToken);
            var url = BrokerHost.BoundAddress(broker.App);
            if (broker.AdminToken is null)
            {
                throw new UsageException($"{AdminBootstrap.TokenPath(folder)} is missing, so the demo cannot act as admin; start with a fresh --data folder");
            }

            var configPath = CliConfig.DefaultPath(globals.Context.GetEnvironmentVariable);
            CliConfig.Save(configPath, url.ToString(), broker.AdminToken);
            await output.WriteLineAsync($"OnePool broker on {url} (state in {BrokerHost.DatabasePath(folder)})");

            using var client = new BrokerClient(url, broker.AdminToken);
            await using var agents = new AgentProcesses(output);
            foreach (var node in DevPool.Nodes)
            {
                var token = await SiteTokenAsync(client, folder, node.Site, cancellationToken);
                var agentFolder = Path.Combine(folder, "agents", node.Name);
                Directory.CreateDirectory(agentFolder);
                var nodeConfig = Path.Combine(agentFolder, "node.yaml");
                await File.WriteAllTextAsync(nodeConfig, node.ConfigYaml(Path.Combine(folder, "checkpoints", node.Site)), cancellationToken);
                agents.Start(node, url, token, nodeConfig, agentFolder, Path.Combine(agentFolder, "agent.log"));
            }

            if (slurmCluster is not null)
            {
                var token = await SiteTokenAsync(client, folder, "hpc", cancellationToken, kind: "slurm");
                var agentFolder = Path.Combine(folder, "agents", "hpc");
                Directory.CreateDirectory(agentFolder);
                agents.Start("hpc", url, token, slurmCluster.AgentArgs(), agentFolder, Path.Combine(agentFolder, "agent.log"));
            }

            await DevProgress.WaitForNodesAsync(client, output, globals.Context.Time, DevPool.Nodes.Count + (slurmCluster is null ? 0 : DevSlurm.Nodes), cancellationToken);
            await DevProgress.PrintNextStepsAsync(output, url, configPath, folder, globals.Context.GetEnvironmentVariable("ONEPOOL_INVOKED_AS") ?? "onepool");
            await ServerCommand.WaitForShutdownAsync(cancellationToken);
            await output.WriteLineAsync("stopping: agents stop their jobs, then the broker stops");
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>The site's join token: made once and kept in DATA/sites/NAME.token (mode 0600), because the broker
    /// stores only its hash.</summary>
    private static async Task<string> SiteTokenAsync(BrokerClient client, string folder, string site, CancellationToken cancellationToken, string kind = "process")
    {
        var path = Path.Combine(folder, "sites", $"{site}.token");
        if (File.Exists(path))
        {
            return (await File.ReadAllTextAsync(path, cancellationToken)).Trim();
        }

        SiteCreated created;
        try
        {
            created = await client.CreateSiteAsync(new CreateSiteRequest(site, kind, null), cancellationToken);
        }
        catch (BrokerException e) when (e.Message.Contains("already exists", StringComparison.Ordinal))
        {
            throw new UsageException($"site {site} exists but its token file {path} is gone; start with a fresh --data folder");
        }

        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllTextAsync(path, created.Token + "\n", cancellationToken);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        return created.Token;
    }
}
