using System.CommandLine;
using OnePool.Core.Resources;

namespace OnePool.Cli.Commands.Sites;

/// <summary><c>onepool drain TARGET [--grace 5m]</c> and <c>onepool undrain TARGET</c>, for a site or a node.</summary>
internal static class DrainCommand
{
    /// <summary>Creates <c>drain</c>.</summary>
    public static Command CreateDrain(GlobalOptions globals)
    {
        var target = new Argument<string>("target") { Description = "A site (gpu-centre) or a node (gpu-centre/node-1)" };
        var grace = new Option<string>("--grace")
        {
            Description = "How long running work may finish before it is checkpointed (SIGTERM) and moved, e.g. 10m or 0s",
            DefaultValueFactory = _ => "5m",
        };
        var command = new Command("drain", "Stop new work on a site or node now, and move its running work after a grace period") { target, grace };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var seconds = GraceSeconds(parse.GetValue(grace)!);
            using var broker = globals.Connect(parse);
            var state = await broker.DrainAsync(parse.GetValue(target)!, drain: true, seconds, cancellationToken);
            var at = state.MovesWorkAt is { } when ? globals.Context.Times.At(when) : "now";
            await globals.Context.Out.WriteLineAsync($"{state.Target} is draining: no new work; work still running there moves at {at}".AsMemory(), cancellationToken);
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>Creates <c>undrain</c>.</summary>
    public static Command CreateUndrain(GlobalOptions globals)
    {
        var target = new Argument<string>("target") { Description = "A site (gpu-centre) or a node (gpu-centre/node-1)" };
        var command = new Command("undrain", "Let a drained site or node take new work again") { target };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var broker = globals.Connect(parse);
            var state = await broker.DrainAsync(parse.GetValue(target)!, drain: false, null, cancellationToken);
            await globals.Context.Out.WriteLineAsync($"{state.Target} takes new work again".AsMemory(), cancellationToken);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static int GraceSeconds(string text) =>
        text.Trim() is "0" or "0s" ? 0
            : DurationText.TryParse(text, out var grace, out var error) ? (int)Math.Min(grace.TotalSeconds, 7 * 86400)
            : throw new UsageException($"--grace: {error}");
}
