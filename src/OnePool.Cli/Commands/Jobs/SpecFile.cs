using OnePool.Core.Specs;

namespace OnePool.Cli.Commands.Jobs;

/// <summary>Reads and checks a job spec file (YAML or JSON; <c>-</c> for stdin) before anything is sent.</summary>
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

    /// <summary>Parses and validates spec text. Returns the spec, or every problem as <c>FILE: field: message</c> lines.</summary>
    /// <param name="text">The document.</param>
    /// <param name="displayName">How the file is named in messages (<c>stdin</c> for <c>-</c>).</param>
    /// <param name="adjust">Changes applied after parsing and before validation (command-line overrides).</param>
    public static (JobSpec? Spec, IReadOnlyList<string> Errors) Parse(string text, string displayName, Action<JobSpec>? adjust = null)
    {
        var (spec, readError) = JobSpecReader.Read(text);
        if (spec is null)
        {
            return (null, [Line(displayName, readError ?? new SpecError("", "could not be read"))]);
        }

        adjust?.Invoke(spec);
        var (_, errors) = JobSpecValidator.Validate(spec);
        return errors.Count > 0 ? (null, errors.Select(e => Line(displayName, e)).ToList()) : (spec, []);
    }

    private static string Line(string file, SpecError error) =>
        error.Field.Length == 0 ? $"{file}: {error.Message}" : $"{file}: {error.Field}: {error.Message}";
}
