using OnePool.Core.Importers;
using OnePool.Core.Specs;

namespace OnePool.Cli.Commands.Jobs.Import;

/// <summary>What a job file holds once read and checked.</summary>
/// <param name="Jobs">The valid jobs to submit: one, or one per index of a job array; empty when there are errors.</param>
/// <param name="Notes">What an import did with the file's directives, as <c>FILE:LINE: directive: message</c> lines
/// for stderr (empty for a OnePool spec).</param>
/// <param name="Errors">Every problem as a one-line message; empty when the file is good.</param>
/// <param name="Import">The import behind the jobs, when the file was not a OnePool spec.</param>
internal sealed record SpecFileContents(IReadOnlyList<JobSpec> Jobs, IReadOnlyList<string> Notes, IReadOnlyList<string> Errors, ImportResult? Import)
{
    /// <summary>What kind of file it was. Default: a OnePool spec.</summary>
    public JobFileFormat Format { get; init; } = JobFileFormat.OnePool;

    /// <summary>A file that could not be used at all.</summary>
    public static SpecFileContents Failed(IReadOnlyList<string> errors) => new([], [], errors, null);
}
