using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using OnePool.Cli.Commands.Jobs.Import;
using OnePool.Core.Specs;

namespace OnePool.Cli.Commands.Jobs;

/// <summary><c>onepool convert FILE [-o yaml|json] [--verbose] [--env NAME=VALUE]</c>: shows the OnePool job a file
/// becomes (a batch script, SkyPilot task, PyTorchJob or Volcano Job imported, a spec checked) without submitting it.
/// Notes go to stderr, the job to stdout.</summary>
internal static class ConvertCommand
{
    private static readonly JsonSerializerOptions Indented = new(JobSpecReader.JsonOptions) { WriteIndented = true };

    /// <summary>Creates the command.</summary>
    public static Command Create(GlobalOptions globals)
    {
        var file = new Argument<string>("FILE") { Description = "Job spec, Slurm batch script, SkyPilot task, PyTorchJob or Volcano Job; - reads stdin" };
        var output = new Option<string>("--output", "-o")
        {
            Description = "Output format: yaml (a spec `onepool submit` takes) or json (the format, the job, its array and the notes)",
            DefaultValueFactory = _ => "yaml",
        };
        output.AcceptOnlyFromAmong("yaml", "json");
        var verbose = new Option<bool>("--verbose", "-v") { Description = "Also print the fields carried over unchanged" };
        var env = SpecFile.CreateEnvOption();
        var command = new Command("convert", "Show the OnePool job a job file becomes, without submitting it")
        {
            file, output, verbose, env,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var context = globals.Context;
            var path = parseResult.GetValue(file)!;
            var values = SpecFile.EnvValues(parseResult, env);
            var text = await SpecFile.ReadTextAsync(path, context.In, cancellationToken);
            var loaded = SpecFile.Load(text, path == "-" ? "stdin" : path, s => SpecFile.ApplyEnv(s, values), parseResult.GetValue(verbose), values);
            foreach (var line in loaded.Notes.Concat(loaded.Errors))
            {
                await context.Error.WriteLineAsync(line.AsMemory(), cancellationToken);
            }

            if (loaded.Errors.Count > 0)
            {
                return ExitCodes.Usage;
            }

            var job = loaded.Import?.Spec ?? loaded.Jobs[0];
            var array = loaded.Import?.Array;
            if (parseResult.GetValue(output) == "json")
            {
                var document = new ConvertedJob(FormatName(loaded.Format), job, array is null ? null : new ConvertedArray(array.Text, array.Indices, array.MaxRunning),
                    loaded.Import?.Notes.Select(n => new ConvertedNote(n.Line, n.Directive, n.KindName, n.Message)).ToList() ?? []);
                await context.Out.WriteLineAsync(JsonSerializer.Serialize(document, Indented).AsMemory(), cancellationToken);
                return ExitCodes.Ok;
            }

            if (array is not null)
            {
                await context.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"# job array {array.Text}: `onepool submit` makes {array.Indices.Count} jobs of this one, one per index, each with SLURM_ARRAY_TASK_ID").AsMemory(), cancellationToken);
            }

            await context.Out.WriteAsync(SpecYaml.Write(job).AsMemory(), cancellationToken);
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>The format's name in JSON output: <c>onepool</c>, <c>sbatch</c>, <c>skypilot</c>, <c>pytorchjob</c>, <c>volcanojob</c>.</summary>
    public static string FormatName(Core.Importers.JobFileFormat format) => format.ToString().ToLowerInvariant();

    private sealed record ConvertedJob(string Format, JobSpec Job, ConvertedArray? Array, IReadOnlyList<ConvertedNote> Notes);

    private sealed record ConvertedArray(string Text, IReadOnlyList<int> Indices, int? MaxRunning);

    private sealed record ConvertedNote(int Line, string Directive, string Kind, string Message);
}
