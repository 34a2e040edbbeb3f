using System.CommandLine;

namespace OnePool.Cli.Commands.Jobs;

/// <summary><c>onepool logs ID [-f]</c>: a job's output; with several replicas each line is prefixed <c>[rN] </c>.</summary>
internal static class LogsCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create(GlobalOptions globals)
    {
        var id = new Argument<long>("ID") { Description = "Job id" };
        var follow = new Option<bool>("--follow", "-f") { Description = "Keep printing new output until the job ends" };
        var command = new Command("logs", "Print a job's output") { id, follow };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var context = globals.Context;
            var jobId = parseResult.GetValue(id);
            using var broker = globals.Connect(parseResult);
            var detail = await broker.GetJobAsync(jobId, cancellationToken);
            try
            {
                await new LogFollower(broker, context).CopyAsync(
                    jobId, context.Out, (detail.Spec.Replicas ?? 1) > 1, parseResult.GetValue(follow), cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                await context.Error.WriteLineAsync(JobWaiter.StoppedFollowing(jobId).AsMemory(), CancellationToken.None);
                return ExitCodes.Interrupted;
            }

            return ExitCodes.Ok;
        });
        return command;
    }
}
