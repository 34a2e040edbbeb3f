using System.CommandLine;
using OnePool.Cli.Commands.Jobs;
using OnePool.Cli.Output;

namespace OnePool.Cli.Commands.Plan;

/// <summary><c>onepool plan FILE</c>: shows, without submitting, where and when OnePool would run a job, for how long
/// and at what price, and why other sites are excluded. <c>onepool submit --dry-run FILE</c> does the same.</summary>
internal static class PlanCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create(GlobalOptions globals)
    {
        var file = new Argument<string>("FILE")
        {
            Description = "Job spec (YAML or JSON), Slurm batch script, SkyPilot task, Kubeflow PyTorchJob or Volcano Job; - reads stdin",
        };
        var tenant = new Option<string?>("--tenant") { Description = "Plan for this tenant (overrides the spec)" };
        var verbose = new Option<bool>("--verbose", "-v") { Description = "For an imported file, also list the fields carried over unchanged" };
        var env = SpecFile.CreateEnvOption();
        var output = JsonOutput.CreateOption();
        var command = new Command("plan", "Show where, when, how long and at what price a job would run, without submitting it")
        {
            file, tenant, verbose, env, output,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var context = globals.Context;
            var contents = await SpecFile.LoadReportingAsync(parseResult.GetValue(file)!, SpecFile.EnvValues(parseResult, env), parseResult.GetValue(verbose),
                s => s.Tenant = parseResult.GetValue(tenant) ?? s.Tenant, context, cancellationToken);
            if (contents is null)
            {
                return ExitCodes.Usage;
            }

            using var broker = globals.Connect(parseResult);
            return await PlanReport.WriteAsync(broker, context, contents.Jobs, JsonOutput.Wanted(parseResult, output), cancellationToken);
        });
        return command;
    }
}
