using System.CommandLine;
using System.Globalization;
using OnePool.Cli.Output;

namespace OnePool.Cli.Commands.Jobs;

/// <summary><c>onepool submit FILE [--wait]</c>: checks a spec locally, submits it safely, and optionally follows the job.</summary>
internal static class SubmitCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create(GlobalOptions globals)
    {
        var file = new Argument<string>("FILE") { Description = "Job spec in YAML or JSON; - reads stdin" };
        var wait = new Option<bool>("--wait", "-w") { Description = "Follow the job's state until it ends; exit with its exit code" };
        var tenant = new Option<string?>("--tenant") { Description = "Submit for this tenant (overrides the spec)" };
        var name = new Option<string?>("--name", "-n") { Description = "Job name (overrides the spec)" };
        var output = JsonOutput.CreateOption();
        var command = new Command("submit", "Submit a job spec file") { file, wait, tenant, name, output };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var context = globals.Context;
            var path = parseResult.GetValue(file)!;
            var text = await SpecFile.ReadTextAsync(path, context.In, cancellationToken);
            var (spec, errors) = SpecFile.Parse(text, path == "-" ? "stdin" : path, s =>
            {
                s.Tenant = parseResult.GetValue(tenant) ?? s.Tenant;
                s.Name = parseResult.GetValue(name) ?? s.Name;
            });
            if (spec is null)
            {
                foreach (var error in errors)
                {
                    await context.Error.WriteLineAsync(error.AsMemory(), cancellationToken);
                }

                return ExitCodes.Usage;
            }

            using var broker = globals.Connect(parseResult);
            var submitted = await new JobSubmitter(broker, context).SubmitAsync(spec, cancellationToken);
            var json = JsonOutput.Wanted(parseResult, output);
            if (json)
            {
                JsonOutput.Write(context.Out, submitted);
            }
            else
            {
                await context.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"submitted job {submitted.Id}").AsMemory(), cancellationToken);
            }

            if (!parseResult.GetValue(wait))
            {
                return ExitCodes.Ok;
            }

            try
            {
                var job = await new JobWaiter(broker, context).WaitAsync(submitted.Id, json ? context.Error : context.Out, cancellationToken);
                return ExitCodes.ForJob(job) ?? ExitCodes.Failure;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                await context.Error.WriteLineAsync(JobWaiter.StoppedFollowing(submitted.Id).AsMemory(), CancellationToken.None);
                return ExitCodes.Interrupted;
            }
        });
        return command;
    }
}
