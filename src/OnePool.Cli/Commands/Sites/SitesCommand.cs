using System.CommandLine;
using System.Globalization;
using OnePool.Cli.Output;
using OnePool.Contracts.Sites;

namespace OnePool.Cli.Commands.Sites;

/// <summary><c>onepool sites</c>, <c>onepool sites add NAME</c> and <c>onepool sites set NAME ...</c>.</summary>
internal static class SitesCommand
{
    /// <summary>Creates the command and its <c>add</c> and <c>set</c> subcommands.</summary>
    public static Command Create(GlobalOptions globals)
    {
        var output = JsonOutput.CreateOption();
        var command = new Command("sites", "List the sites of the pool") { output, CreateAdd(globals), SitesSetCommand.Create(globals) };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            using var broker = globals.Connect(parseResult);
            var sites = await broker.ListSitesAsync(cancellationToken);
            await JsonOutput.WriteAsync(parseResult, output, globals.Context.Out, sites, () => Render(sites, globals.Context.Times, globals.Context.Width), cancellationToken);

            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>The sites table: NAME, KIND, NODES (ready/total), ACCELERATORS, PRICES (per accelerator-hour), DRAINING, AGE.</summary>
    public static string Render(SiteList list, TimeText times, int width)
    {
        ArgumentNullException.ThrowIfNull(list);
        ArgumentNullException.ThrowIfNull(times);
        if (list.Sites.Count == 0)
        {
            return "no sites yet: add one with `onepool sites add NAME`\n";
        }

        var table = new TextTable("NAME", "KIND", "NODES", "ACCELERATORS", "PRICES", "DRAINING", "AGE");
        foreach (var site in list.Sites)
        {
            table.AddRow(
                site.Name, site.Kind, string.Create(CultureInfo.InvariantCulture, $"{site.NodesReady}/{site.NodesTotal}"),
                Counts(site.Accelerators), AmountArguments.Format(site.Prices), site.Draining ? "yes" : "no", times.Age(site.CreatedAt));
        }

        return table.Render(width);
    }

    /// <summary>Per-model counts as <c>A100-80G:16, T4:2</c>, or <c>-</c> when there are none.</summary>
    public static string Counts(IReadOnlyDictionary<string, int> counts)
    {
        ArgumentNullException.ThrowIfNull(counts);
        return counts.Count == 0
            ? "-"
            : string.Join(", ", counts.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => string.Create(CultureInfo.InvariantCulture, $"{c.Key}:{c.Value}")));
    }

    private static Command CreateAdd(GlobalOptions globals)
    {
        var name = new Argument<string>("NAME") { Description = "Site name (letters, digits, '-', '_', '.')" };
        var kind = new Option<string>("--kind", "-k") { Description = "What fronts the site", DefaultValueFactory = _ => "process" };
        kind.AcceptOnlyFromAmong("process", "slurm", "kubernetes");
        var output = JsonOutput.CreateOption();
        var command = new Command("add", "Add a site and print its join token (admin)") { name, kind, output };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            using var broker = globals.Connect(parseResult);
            var created = await broker.CreateSiteAsync(
                new CreateSiteRequest(parseResult.GetValue(name)!, parseResult.GetValue(kind), null), cancellationToken);
            if (JsonOutput.Wanted(parseResult, output))
            {
                JsonOutput.Write(globals.Context.Out, created);
                return ExitCodes.Ok;
            }

            var brokerUrl = broker.BaseUrl.AbsoluteUri.TrimEnd('/');
            await globals.Context.Out.WriteAsync(
                $"""
                site {created.Name} ({created.Kind}) added.
                Its join token is shown only this once; keep it secret:
                  {created.Token}
                Join the site by running this on each of its nodes (or on its login node for slurm):
                  onepool agent --broker {brokerUrl} --token {created.Token} --config site.yaml

                """.AsMemory(), cancellationToken);
            return ExitCodes.Ok;
        });
        return command;
    }
}
