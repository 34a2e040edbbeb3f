namespace OnePool.Core.Importers;

/// <summary>What the person importing a file adds to it.</summary>
/// <param name="FileName">The file's name or path, if known: names the job when the file does not, and counts for
/// detecting a batch script (<c>.sbatch</c>, <c>.slurm</c>).</param>
/// <param name="Env">Values given on the command line (<c>--env NAME=VALUE</c>): they fill SkyPilot <c>envs</c> and
/// <c>secrets</c> declared without a value, which are errors otherwise. Default: none.</param>
public sealed record ImportOptions(string? FileName = null, IReadOnlyDictionary<string, string>? Env = null);
