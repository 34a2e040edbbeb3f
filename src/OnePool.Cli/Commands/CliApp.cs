using System.CommandLine;
using OnePool.Cli.Client;
using OnePool.Cli.Commands.Auth;
using OnePool.Cli.Commands.Jobs;
using OnePool.Cli.Commands.Service;
using OnePool.Cli.Commands.Sites;
using OnePool.Cli.Commands.Tenants;
using OnePool.Cli.Config;

namespace OnePool.Cli.Commands;

/// <summary>The <c>onepool</c> root command: builds the command tree and runs one invocation, turning every
/// failure into a single <c>error: ...</c> line on stderr and an exit code from <see cref="ExitCodes"/>.</summary>
internal static class CliApp
{
    /// <summary>Builds the root command with all client commands and the service commands.</summary>
    public static RootCommand BuildRoot(CliContext context)
    {
        var globals = new GlobalOptions(context);
        var root = new RootCommand("OnePool: one queue for GPUs across sites. Submit jobs, follow them, and see the pool.")
        {
            globals.Url,
            globals.Token,
            LoginCommand.Create(globals),
            WhoAmICommand.Create(globals),
            Status.StatusCommand.Create(globals),
            SubmitCommand.Create(globals),
            Plan.PlanCommand.Create(globals),
            RunCommand.Create(globals),
            ConvertCommand.Create(globals),
            ValidateCommand.Create(globals),
            JobsCommand.Create(globals),
            JobCommand.Create(globals),
            LogsCommand.Create(globals),
            CancelCommand.Create(globals),
            SitesCommand.Create(globals),
            NodesCommand.Create(globals),
            PoolCommand.Create(globals),
            DrainCommand.CreateDrain(globals),
            DrainCommand.CreateUndrain(globals),
            TenantsCommand.Create(globals),
            Simulate.SimulateCommand.Create(globals),
        };
        foreach (var command in ServiceCommands.Create(globals))
        {
            root.Subcommands.Add(command);
        }

        return root;
    }

    /// <summary>Parses and runs <paramref name="args"/>; returns the exit code. Never throws for user or broker errors.</summary>
    public static async Task<int> RunAsync(string[] args, CliContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(context);
        var root = BuildRoot(context);
        var parseResult = root.Parse(args.Length == 0 ? ["--help"] : args);
        if (parseResult.Errors.Count > 0)
        {
            // "Required command was not provided" only repeats what an unknown-command error already says.
            var messages = parseResult.Errors.Select(e => ProblemDocument.OneLine(e.Message).TrimEnd('.')).ToList();
            if (messages.Count > 1)
            {
                messages.RemoveAll(m => m.StartsWith("Required command was not provided", StringComparison.Ordinal));
            }

            await context.Error.WriteLineAsync($"error: {string.Join("; ", messages)} (see `{CommandPath(parseResult)} --help`)".AsMemory(), cancellationToken);
            return ExitCodes.Usage;
        }

        try
        {
            var invocation = new InvocationConfiguration
            {
                Output = context.Out,
                Error = context.Error,
                EnableDefaultExceptionHandler = false,
                ProcessTerminationTimeout = context.HandleCtrlC ? TimeSpan.FromSeconds(2) : null,
            };
            return await parseResult.InvokeAsync(invocation, cancellationToken);
        }
        catch (Exception e)
        {
            // The last resort: whatever went wrong, the user sees one line, never a stack trace.
            await context.Error.WriteLineAsync($"error: {Describe(e)}".AsMemory(), CancellationToken.None);
            return ExitCodes.For(e);
        }
    }

    private static string Describe(Exception e) => e switch
    {
        OperationCanceledException => "interrupted",
        BrokerException or CliConfigException or UsageException or IOException or UnauthorizedAccessException => ProblemDocument.OneLine(e.Message),
        _ => $"internal error ({e.GetType().Name}): {ProblemDocument.OneLine(e.Message)}; please report this",
    };

    private static string CommandPath(ParseResult parseResult)
    {
        var names = new List<string>();
        for (var result = parseResult.CommandResult; result is not null; result = result.Parent as System.CommandLine.Parsing.CommandResult)
        {
            names.Insert(0, result.Command is RootCommand ? "onepool" : result.Command.Name);
        }

        return string.Join(' ', names);
    }
}
