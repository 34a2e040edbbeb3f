using System.CommandLine;
using OnePool.Cli.Output;
using OnePool.Contracts.Sites;
using OnePool.Core.Resources;

namespace OnePool.Cli.Commands.Sites;

/// <summary><c>onepool sites set NAME [--price MODEL=P ...] [--dataset NAME ...] [--drain | --undrain] [--ingress MIB_PER_S]</c>:
/// changes a site's settings (admin). Each list given replaces the stored one.</summary>
internal static class SitesSetCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create(GlobalOptions globals)
    {
        var name = new Argument<string>("NAME") { Description = "Site name" };
        var price = new Option<string[]>("--price") { Description = "Price per accelerator-hour, MODEL=P; repeat for each; replaces the stored prices" };
        var dataset = new Option<string[]>("--dataset") { Description = "A dataset held at the site; repeat for each; replaces the stored list" };
        var drain = new Option<bool>("--drain") { Description = "Start no new work at the site (running work continues)" };
        var undrain = new Option<bool>("--undrain") { Description = "Let the site take new work again" };
        var ingress = new Option<string?>("--ingress") { Description = "Bandwidth for bringing data in, MiB/s (default 1000)" };
        var output = JsonOutput.CreateOption();
        var command = new Command("set", "Set a site's prices, datasets, draining and ingress bandwidth (admin)") { name, price, dataset, drain, undrain, ingress, output };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var request = Build(parseResult.GetValue(price), parseResult.GetValue(dataset), parseResult.GetValue(drain), parseResult.GetValue(undrain), parseResult.GetValue(ingress));
            using var broker = globals.Connect(parseResult);
            var view = await broker.SetSiteSettingsAsync(parseResult.GetValue(name)!, request, cancellationToken);
            await JsonOutput.WriteAsync(parseResult, output, globals.Context.Out, view,
                () => SitesCommand.Render(new SiteList([view]), globals.Context.Times, globals.Context.Width), cancellationToken);
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>Checks the options and builds the request.</summary>
    /// <exception cref="UsageException">An option is malformed, options conflict, or nothing is to change.</exception>
    public static SiteSettingsRequest Build(IReadOnlyList<string>? prices, IReadOnlyList<string>? datasets, bool drain, bool undrain, string? ingress)
    {
        if (drain && undrain)
        {
            throw new UsageException("--drain and --undrain contradict each other; give one");
        }

        foreach (var d in datasets ?? [])
        {
            if (!ModelName.IsValid(d))
            {
                throw new UsageException($"--dataset: '{d}' is not a valid dataset name (letters, digits, '-', '_', '.')");
            }
        }

        var request = new SiteSettingsRequest(
            AmountArguments.Parse("--price", prices, positive: false),
            drain ? true : undrain ? false : null,
            datasets is { Count: > 0 } ? datasets : null,
            ingress is null ? null : AmountArguments.Number("--ingress", ingress, positive: true));
        if (request == new SiteSettingsRequest())
        {
            throw new UsageException("nothing to set: give --price, --dataset, --drain, --undrain or --ingress");
        }

        return request;
    }
}
