using System.CommandLine;
using System.Globalization;
using OnePool.Cli.Output;
using OnePool.Contracts.Sites;
using OnePool.Core.Resources;

namespace OnePool.Cli.Commands.Sites;

/// <summary><c>onepool nodes</c>: every node with its allocation.</summary>
internal static class NodesCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create(GlobalOptions globals)
    {
        var output = JsonOutput.CreateOption();
        var command = new Command("nodes", "List the nodes of all sites and what is allocated on them") { output };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            using var broker = globals.Connect(parseResult);
            var nodes = await broker.ListNodesAsync(cancellationToken);
            await JsonOutput.WriteAsync(parseResult, output, globals.Context.Out, nodes, () => Render(nodes, globals.Context.Times, globals.Context.Width), cancellationToken);

            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>The nodes table: NODE, SITE, STATE, CPU and MEMORY (allocated/total), ACCELERATORS (allocated/total per model), LAST-SEEN.</summary>
    public static string Render(NodeList list, TimeText times, int width)
    {
        ArgumentNullException.ThrowIfNull(list);
        ArgumentNullException.ThrowIfNull(times);
        if (list.Nodes.Count == 0)
        {
            return "no nodes have joined yet\n";
        }

        var table = new TextTable("NODE", "SITE", "STATE", "CPU", "MEMORY", "ACCELERATORS", "LAST-SEEN");
        foreach (var node in list.Nodes)
        {
            var accelerators = node.Accelerators.Count == 0
                ? "-"
                : string.Join(", ", node.Accelerators.OrderBy(a => a.Key, StringComparer.Ordinal).Select(a =>
                    string.Create(CultureInfo.InvariantCulture, $"{a.Key} {node.AllocatedAccelerators.GetValueOrDefault(a.Key)}/{a.Value}")));
            table.AddRow(
                node.Name, node.Site, node.State,
                $"{Quantity.FormatCpu(node.AllocatedCpuMillis)}/{Quantity.FormatCpu(node.CpuMillis)}",
                $"{(node.AllocatedMemoryMiB == 0 ? "0" : Quantity.FormatMemory(node.AllocatedMemoryMiB))}/{Quantity.FormatMemory(node.MemoryMiB)}",
                accelerators,
                node.LastSeen is null ? "never" : $"{times.Age(node.LastSeen)} ago");
        }

        return table.Render(width);
    }
}
