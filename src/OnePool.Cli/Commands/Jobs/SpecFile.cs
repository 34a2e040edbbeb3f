using System.CommandLine;
using OnePool.Cli.Commands.Jobs.Import;
using OnePool.Core.Importers;
using OnePool.Core.Specs;

namespace OnePool.Cli.Commands.Jobs;

/// <summary>Reads and checks a job file before anything is sent: a OnePool spec (YAML or JSON), or a Slurm batch
/// script, SkyPilot task, Kubeflow PyTorchJob or Volcano Job, which is imported (<see cref="JobFileDetector"/>,
/// docs/importers.md). <c>-</c> reads stdin. <c>submit</c>, <c>convert</c> and <c>validate</c> all read files here.</summary>
internal static class SpecFile
{
    /// <summary>Reads <paramref name="path"/>, or <paramref name="stdin"/> when it is <c>-</c>.</summary>
    /// <exception cref="UsageException">The file cannot be read.</exception>
    public static async Task<string> ReadTextAsync(string path, TextReader stdin, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stdin);
        if (path == "-")
        {
            return await stdin.ReadToEndAsync(cancellationToken);
        }

        try
        {
            return await File.ReadAllTextAsync(path, cancellationToken);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"cannot read {path}: {e.Message}");
        }
    }

    /// <summary>Parses and validates one job. Returns the spec and the import's notes to show (see <see cref="Load"/>),
    /// or no spec and every problem as <c>FILE: field: message</c> lines. A job array is refused here: it is several
    /// jobs, which only <see cref="Load"/> gives.</summary>
    /// <param name="text">The document.</param>
    /// <param name="displayName">How the file is named in messages (<c>stdin</c> for <c>-</c>).</param>
    /// <param name="adjust">Changes applied after parsing and before validation (command-line overrides).</param>
    public static (JobSpec? Spec, IReadOnlyList<string> Messages) Parse(string text, string displayName, Action<JobSpec>? adjust = null)
    {
        var loaded = Load(text, displayName, adjust);
        if (loaded.Errors.Count > 0)
        {
            return (null, loaded.Errors);
        }

        if (loaded.Jobs.Count > 1)
        {
            return (null, [$"{displayName}: --array: is a job array of {loaded.Jobs.Count} jobs, which `onepool submit` does not expand yet; `onepool convert {displayName}` shows the job"]);
        }

        return (loaded.Jobs[0], loaded.Notes);
    }

    /// <summary>Parses and validates a file into the jobs to submit: one, or one per index of a Slurm job array.</summary>
    /// <param name="text">The document.</param>
    /// <param name="displayName">How the file is named in messages (<c>stdin</c> for <c>-</c>); its extension counts
    /// for detecting a batch script (<c>.sbatch</c>, <c>.slurm</c>).</param>
    /// <param name="adjust">Changes applied after parsing and before validation (command-line overrides); for an array,
    /// to the job every element is made from.</param>
    /// <param name="verbose">True to include the import's honoured notes as well.</param>
    /// <param name="env">The <c>--env NAME=VALUE</c> values, which fill a SkyPilot task's envs left without one.</param>
    public static SpecFileContents Load(string text, string displayName, Action<JobSpec>? adjust = null, bool verbose = false,
        IReadOnlyDictionary<string, string>? env = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(displayName);
        var fileName = displayName == "stdin" ? null : displayName;
        var format = JobFileDetector.Detect(text, fileName);
        if (format == JobFileFormat.OnePool)
        {
            var (spec, readError) = JobSpecReader.Read(text);
            if (spec is null)
            {
                return SpecFileContents.Failed([Line(displayName, readError ?? new SpecError("", "could not be read"))]);
            }

            adjust?.Invoke(spec);
            var errors = JobSpecValidator.Validate(spec).Errors;
            return errors.Count > 0 ? SpecFileContents.Failed(errors.Select(e => Line(displayName, e)).ToList()) : new SpecFileContents([spec], [], [], null);
        }

        var import = JobFileImporter.Import(format, text, new ImportOptions(fileName, env));
        var notes = import.Notes
            .Where(n => n.Kind != ImportNoteKind.Error && (verbose || n.Kind != ImportNoteKind.Honoured))
            .Select(n => n.Format(displayName)).ToList();
        if (import.Spec is not { } template)
        {
            return new SpecFileContents([], notes, import.Errors.Select(n => n.Format(displayName)).ToList(), import) { Format = format };
        }

        adjust?.Invoke(template);
        var jobs = import.Array?.Expand(template) ?? [template];
        var problems = jobs.SelectMany(j => JobSpecValidator.Validate(j).Errors).Distinct().Select(e => Line(displayName, e)).ToList();
        return (problems.Count > 0 ? new SpecFileContents([], notes, problems, import) : new SpecFileContents(jobs, notes, [], import)) with { Format = format };
    }

    /// <summary>Reads and loads the file a command was given (<c>-</c> for stdin), applying the <c>--env</c> values
    /// and <paramref name="adjust"/>, and writes the import's notes and errors to stderr (stdout stays the command's
    /// answer). Null when nothing can be submitted or planned: the caller exits with <see cref="ExitCodes.Usage"/>.</summary>
    public static async Task<SpecFileContents?> LoadReportingAsync(
        string path, IReadOnlyDictionary<string, string>? env, bool verbose, Action<JobSpec> adjust, CliContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(adjust);
        ArgumentNullException.ThrowIfNull(context);
        var text = await ReadTextAsync(path, context.In, cancellationToken);
        var contents = Load(text, path == "-" ? "stdin" : path, s =>
        {
            adjust(s);
            ApplyEnv(s, env);
        }, verbose, env);
        foreach (var line in contents.Notes.Concat(contents.Errors))
        {
            await context.Error.WriteLineAsync(line.AsMemory(), cancellationToken);
        }

        return contents.Errors.Count > 0 || contents.Jobs.Count == 0 ? null : contents;
    }

    /// <summary>The <c>--env NAME=VALUE</c> option of the commands that read job files (repeatable).</summary>
    public static Option<string[]> CreateEnvOption() => new("--env", "-e")
    {
        Description = "Environment variable NAME=VALUE for the job (repeatable); fills a SkyPilot task's envs left without a value",
    };

    /// <summary>The values of <paramref name="option"/>, checked.</summary>
    /// <exception cref="UsageException">A value is not NAME=VALUE, or a name is given twice.</exception>
    public static Dictionary<string, string>? EnvValues(ParseResult parseResult, Option<string[]> option)
    {
        ArgumentNullException.ThrowIfNull(parseResult);
        return RunSpecBuilder.ParseEnv(parseResult.GetValue(option) ?? []);
    }

    /// <summary>Sets <paramref name="env"/> in <paramref name="spec"/>, over what the file gives.</summary>
    public static void ApplyEnv(JobSpec spec, IReadOnlyDictionary<string, string>? env)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (env is not { Count: > 0 })
        {
            return;
        }

        spec.Env = new SortedDictionary<string, string>(spec.Env ?? new Dictionary<string, string>(), StringComparer.Ordinal);
        foreach (var (name, value) in env)
        {
            spec.Env[name] = value;
        }
    }

    private static string Line(string file, SpecError error) =>
        error.Field.Length == 0 ? $"{file}: {error.Message}" : $"{file}: {error.Field}: {error.Message}";
}
