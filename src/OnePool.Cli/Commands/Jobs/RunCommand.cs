using System.CommandLine;
using System.Globalization;

namespace OnePool.Cli.Commands.Jobs;

/// <summary><c>onepool run [options] -- COMMAND ARGS...</c>: like <c>srun</c>, submits an inline job, streams its output
/// to stdout and exits with its exit code (unless <c>--detach</c>).</summary>
internal static class RunCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create(GlobalOptions globals)
    {
        var gpus = new Option<string[]>("--gpus", "-g") { Description = "Accelerators per replica as MODEL:N; repeat for acceptable alternatives, best first" };
        var cpu = new Option<string?>("--cpu", "-c") { Description = "Cores per replica (2, 0.5, 500m). Default: 1" };
        var memory = new Option<string?>("--memory", "-m") { Description = "Memory per replica (512Mi, 16Gi). Default: 1Gi" };
        var replicas = new Option<int?>("--replicas", "-N") { Description = "Replicas started together as a gang. Default: 1" };
        var name = new Option<string?>("--name", "-n") { Description = "Job name. Default: the program's file name" };
        var tenant = new Option<string?>("--tenant") { Description = "Tenant to run for" };
        var env = new Option<string[]>("--env", "-e") { Description = "Environment variable NAME=VALUE; repeatable" };
        var maxRuntime = new Option<string?>("--max-runtime", "-t") { Description = "Wall-clock limit (30m, 2h)" };
        var detach = new Option<bool>("--detach", "-d") { Description = "Print the job id and return at once" };
        var site = new Option<string[]>("--site", "-s") { Description = "Run only at this site (repeatable: any of them), like srun -p" };
        var commandLine = new Argument<string[]>("COMMAND") { Description = "Program and arguments, after --", Arity = ArgumentArity.OneOrMore };
        var command = new Command("run", "Run a command as a job and stream its output, like srun")
        {
            gpus, cpu, memory, replicas, name, tenant, env, maxRuntime, detach, site, commandLine,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var spec = RunSpecBuilder.Build(new RunRequest(
                parseResult.GetValue(commandLine) ?? [], parseResult.GetValue(gpus) ?? [], parseResult.GetValue(cpu),
                parseResult.GetValue(memory), parseResult.GetValue(replicas), parseResult.GetValue(name), parseResult.GetValue(tenant),
                parseResult.GetValue(env) ?? [], parseResult.GetValue(maxRuntime), parseResult.GetValue(site) ?? []));
            var context = globals.Context;
            using var broker = globals.Connect(parseResult);
            var submitted = await new JobSubmitter(broker, context).SubmitAsync(spec, cancellationToken);
            if (parseResult.GetValue(detach))
            {
                await context.Out.WriteLineAsync(submitted.Id.ToString(CultureInfo.InvariantCulture).AsMemory(), cancellationToken);
                return ExitCodes.Ok;
            }

            await context.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"job {submitted.Id} submitted").AsMemory(), cancellationToken);
            try
            {
                await new LogFollower(broker, context).CopyAsync(submitted.Id, context.Out, (spec.Replicas ?? 1) > 1, follow: true, cancellationToken);
                var job = await new JobWaiter(broker, context).WaitAsync(submitted.Id, progress: null, cancellationToken);
                if (job.State != "succeeded")
                {
                    await context.Error.WriteLineAsync(JobWaiter.Describe(job).AsMemory(), cancellationToken);
                }

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
