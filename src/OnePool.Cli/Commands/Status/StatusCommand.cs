using System.CommandLine;
using System.Globalization;
using OnePool.Cli.Output;
using OnePool.Contracts.Brokers;

namespace OnePool.Cli.Commands.Status;

/// <summary><c>onepool status</c>: which broker replica leads, and every replica of the broker.</summary>
internal static class StatusCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create(GlobalOptions globals)
    {
        var output = JsonOutput.CreateOption();
        var command = new Command("status", "Show which broker replica leads (scheduling, failure detection, dispatch) and every replica") { output };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            using var broker = globals.Connect(parseResult);
            var status = await broker.StatusAsync(cancellationToken);
            if (JsonOutput.Wanted(parseResult, output))
            {
                JsonOutput.Write(globals.Context.Out, status);
            }
            else
            {
                await globals.Context.Out.WriteAsync(Render(status, new TimeText(globals.Context.Time)).AsMemory(), cancellationToken);
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>The leader line, then a table of replicas (the one that answered marked with <c>*</c>).</summary>
    public static string Render(BrokerStatus status, TimeText times)
    {
        ArgumentNullException.ThrowIfNull(status);
        ArgumentNullException.ThrowIfNull(times);
        var leader = status.Leader is { } l
            ? string.Create(CultureInfo.InvariantCulture, $"leader: {l.Url} (term {l.Term}, since {times.At(l.Since)}; store {status.Store})\n")
            : $"leader: none elected right now (a standby takes over when the last leader's lease runs out; store {status.Store})\n";
        var table = new TextTable("URL", "ROLE", "SEEN", "REPLICA");
        foreach (var replica in status.Replicas)
        {
            var url = replica.Replica == status.Replica ? replica.Url + " *" : replica.Url;
            table.AddRow(url, replica.Role, times.Age(replica.SeenAt) + " ago", replica.Replica);
        }

        return leader + table.Render();
    }
}
