using System.CommandLine;
using System.Globalization;
using OnePool.Cli.Output;

namespace OnePool.Cli.Commands.Jobs;

/// <summary><c>onepool submit FILE [--wait]</c>: checks a spec locally, submits it safely, and optionally follows the job;
/// with <c>--dry-run</c>, shows its plan instead (see <see cref="Plan.PlanCommand"/>).</summary>
internal static class SubmitCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create(GlobalOptions globals)
    {
        var file = new Argument<string>("FILE")
        {
            Description = "Job spec (YAML or JSON), Slurm batch script, SkyPilot task, Kubeflow PyTorchJob or Volcano Job; - reads stdin",
        };
        var wait = new Option<bool>("--wait", "-w") { Description = "Follow the job's state until it ends; exit with its exit code" };
        var tenant = new Option<string?>("--tenant") { Description = "Submit for this tenant (overrides the spec)" };
        var name = new Option<string?>("--name", "-n") { Description = "Job name (overrides the spec)" };
        var verbose = new Option<bool>("--verbose", "-v") { Description = "For an imported file, also list the fields carried over unchanged" };
        var dryRun = new Option<bool>("--dry-run") { Description = "Submit nothing; show the plan instead (as `onepool plan` does)" };
        var env = SpecFile.CreateEnvOption();
        var output = JsonOutput.CreateOption();
        var command = new Command("submit", "Submit a job spec, Slurm batch script, SkyPilot task, PyTorchJob or Volcano Job")
        {
            file, wait, tenant, name, verbose, dryRun, env, output,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var context = globals.Context;
            var contents = await SpecFile.LoadReportingAsync(parseResult.GetValue(file)!, SpecFile.EnvValues(parseResult, env), parseResult.GetValue(verbose), s =>
            {
                s.Tenant = parseResult.GetValue(tenant) ?? s.Tenant;
                s.Name = parseResult.GetValue(name) ?? s.Name;
            }, context, cancellationToken);
            if (contents is null)
            {
                return ExitCodes.Usage;
            }

            using var broker = globals.Connect(parseResult);
            if (parseResult.GetValue(dryRun))
            {
                return await Plan.PlanReport.WriteAsync(broker, context, contents.Jobs, JsonOutput.Wanted(parseResult, output), cancellationToken);
            }

            var submitter = new JobSubmitter(broker, context);
            var json = JsonOutput.Wanted(parseResult, output);
            var submitted = new List<Contracts.Jobs.SubmitJobResponse>();
            foreach (var spec in contents.Jobs)
            {
                var one = await submitter.SubmitAsync(spec, cancellationToken);
                submitted.Add(one);
                if (!json)
                {
                    var element = contents.Jobs.Count > 1 ? $" ({spec.Name})" : "";
                    await context.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"submitted job {one.Id}{element}").AsMemory(), cancellationToken);
                }
            }

            if (json)
            {
                if (submitted.Count == 1)
                {
                    JsonOutput.Write(context.Out, submitted[0]);
                }
                else
                {
                    JsonOutput.Write(context.Out, submitted);
                }
            }

            if (!parseResult.GetValue(wait))
            {
                return ExitCodes.Ok;
            }

            // An array is followed job by job; the exit code is the first non-zero one.
            var code = ExitCodes.Ok;
            foreach (var one in submitted)
            {
                try
                {
                    var job = await new JobWaiter(broker, context).WaitAsync(one.Id, json ? context.Error : context.Out, cancellationToken);
                    var exit = ExitCodes.ForJob(job) ?? ExitCodes.Failure;
                    code = code == ExitCodes.Ok ? exit : code;
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    await context.Error.WriteLineAsync(JobWaiter.StoppedFollowing(one.Id).AsMemory(), CancellationToken.None);
                    return ExitCodes.Interrupted;
                }
            }

            return code;
        });
        return command;
    }
}
