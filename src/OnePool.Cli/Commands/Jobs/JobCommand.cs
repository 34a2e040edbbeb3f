using System.CommandLine;
using OnePool.Cli.Output;

namespace OnePool.Cli.Commands.Jobs;

/// <summary><c>onepool job ID</c>: everything about one job.</summary>
internal static class JobCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create(GlobalOptions globals)
    {
        var id = new Argument<long>("ID") { Description = "Job id" };
        var output = JsonOutput.CreateOption();
        var command = new Command("job", "Show one job: state, spec, attempts and events") { id, output };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            using var broker = globals.Connect(parseResult);
            var detail = await broker.GetJobAsync(parseResult.GetValue(id), cancellationToken);
            await JsonOutput.WriteAsync(parseResult, output, globals.Context.Out, detail, () => JobReport.Render(detail, globals.Context.Times, globals.Context.Width), cancellationToken);

            return ExitCodes.Ok;
        });
        return command;
    }
}
