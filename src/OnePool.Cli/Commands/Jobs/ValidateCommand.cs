using System.CommandLine;
using OnePool.Core.Importers;
using OnePool.Core.Specs;

namespace OnePool.Cli.Commands.Jobs;

/// <summary><c>onepool validate FILE [--verbose] [--env NAME=VALUE]</c>: checks a job file of any supported format by
/// the rules <c>submit</c> applies, without a broker. Prints the import's notes and one summary line on stdout and
/// exits 0 when the file is good; prints one line per error on stderr and exits 2 otherwise.</summary>
internal static class ValidateCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create(GlobalOptions globals)
    {
        var file = new Argument<string>("FILE") { Description = "Job spec, Slurm batch script, SkyPilot task, PyTorchJob or Volcano Job; - reads stdin" };
        var verbose = new Option<bool>("--verbose", "-v") { Description = "Also print the fields carried over unchanged" };
        var env = SpecFile.CreateEnvOption();
        var command = new Command("validate", "Check a job file as submit would, without submitting it") { file, verbose, env };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var context = globals.Context;
            var path = parseResult.GetValue(file)!;
            var display = path == "-" ? "stdin" : path;
            var values = SpecFile.EnvValues(parseResult, env);
            var text = await SpecFile.ReadTextAsync(path, context.In, cancellationToken);
            var loaded = SpecFile.Load(text, display, s => SpecFile.ApplyEnv(s, values), parseResult.GetValue(verbose), values);
            foreach (var line in loaded.Notes)
            {
                await context.Out.WriteLineAsync(line.AsMemory(), cancellationToken);
            }

            foreach (var line in loaded.Errors)
            {
                await context.Error.WriteLineAsync(line.AsMemory(), cancellationToken);
            }

            if (loaded.Errors.Count > 0)
            {
                return ExitCodes.Usage;
            }

            var requirements = JobSpecValidator.Validate(loaded.Jobs[0]).Requirements!;
            var jobs = loaded.Jobs.Count == 1 ? "one job" : $"{loaded.Jobs.Count} jobs";
            await context.Out.WriteLineAsync($"{display}: a valid {JobFileImporter.Describe(loaded.Format)}: {jobs} of {requirements.Describe()}".AsMemory(), cancellationToken);
            return ExitCodes.Ok;
        });
        return command;
    }
}
