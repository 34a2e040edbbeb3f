using System.CommandLine;
using System.Globalization;
using OnePool.Cli.Client;

namespace OnePool.Cli.Commands.Jobs;

/// <summary><c>onepool cancel ID...</c>: asks the broker to cancel each job; a failure for one id does not stop the rest.</summary>
internal static class CancelCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create(GlobalOptions globals)
    {
        var ids = new Argument<long[]>("ID") { Description = "Job ids", Arity = ArgumentArity.OneOrMore };
        var command = new Command("cancel", "Cancel jobs") { ids };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var context = globals.Context;
            using var broker = globals.Connect(parseResult);
            var exitCode = ExitCodes.Ok;
            foreach (var id in parseResult.GetValue(ids) ?? [])
            {
                try
                {
                    var job = await broker.CancelJobAsync(id, cancellationToken);
                    await context.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"job {id}: {job.State}").AsMemory(), cancellationToken);
                }
                catch (BrokerException e) when (e is not BrokerUnreachableException && e.StatusCode is not 401)
                {
                    await context.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"error: job {id}: {e.Message}").AsMemory(), cancellationToken);
                    exitCode = ExitCodes.Failure;
                }
            }

            return exitCode;
        });
        return command;
    }
}
