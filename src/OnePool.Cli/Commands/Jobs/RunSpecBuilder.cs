using System.Text.RegularExpressions;
using OnePool.Core.Specs;

namespace OnePool.Cli.Commands.Jobs;

/// <summary>What <c>onepool run</c> was given, before it becomes a spec.</summary>
/// <param name="Command">Program and arguments (everything after <c>--</c>).</param>
/// <param name="Gpus">Each <c>--gpus MODEL:N</c>, an acceptable alternative, best first.</param>
/// <param name="Cpu">Cores per replica.</param>
/// <param name="Memory">Memory per replica.</param>
/// <param name="Replicas">Gang size.</param>
/// <param name="Name">Job name; default: the program's file name.</param>
/// <param name="Tenant">Tenant.</param>
/// <param name="Env">Each <c>--env NAME=VALUE</c>.</param>
/// <param name="MaxRuntime">Wall-clock limit.</param>
/// <param name="Sites">Each <c>--site NAME</c>: only these sites.</param>
internal sealed record RunRequest(
    IReadOnlyList<string> Command,
    IReadOnlyList<string> Gpus,
    string? Cpu = null,
    string? Memory = null,
    int? Replicas = null,
    string? Name = null,
    string? Tenant = null,
    IReadOnlyList<string>? Env = null,
    string? MaxRuntime = null,
    IReadOnlyList<string>? Sites = null);

/// <summary>Turns <c>onepool run</c> options into a validated inline <see cref="JobSpec"/>, naming the option at fault.</summary>
internal static partial class RunSpecBuilder
{
    private static readonly (string Prefix, string Option)[] FieldOptions =
    [
        ("resources.accelerators", "--gpus"), ("resources.cpu", "--cpu"), ("resources.memory", "--memory"),
        ("replicas", "--replicas"), ("name", "--name"), ("tenant", "--tenant"), ("env", "--env"),
        ("maxRuntime", "--max-runtime"), ("constraints.sites", "--site"), ("command", "COMMAND"),
    ];

    /// <summary>Builds and validates the spec.</summary>
    /// <exception cref="UsageException">An option is malformed or the resulting spec is invalid; the message lists every problem.</exception>
    public static JobSpec Build(RunRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Command.Count == 0)
        {
            throw new UsageException("give the command to run after `--`, e.g. `onepool run --gpus T4:1 -- nvidia-smi`");
        }

        if (request.Command[0].StartsWith('-'))
        {
            // An option the parser did not know lands in COMMAND; running it as a program would only confuse.
            throw new UsageException($"unknown option {request.Command[0]}; put the command after `--`, e.g. `onepool run --gpus T4:1 -- nvidia-smi`");
        }

        var gpus = request.Gpus.SelectMany(g => g.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();
        var spec = new JobSpec
        {
            Name = request.Name ?? DefaultName(request.Command[0]),
            Tenant = request.Tenant,
            Replicas = request.Replicas,
            Command = [.. request.Command],
            Env = ParseEnv(request.Env ?? []),
            MaxRuntime = request.MaxRuntime,
            Constraints = request.Sites is { Count: > 0 } sites ? new ConstraintSpec { Sites = [.. sites] } : null,
            Resources = new ResourceSpec
            {
                Cpu = request.Cpu,
                Memory = request.Memory,
                Accelerators = gpus.Count > 0 ? gpus : null,
            },
        };

        var (_, errors) = JobSpecValidator.Validate(spec);
        if (errors.Count > 0)
        {
            throw new UsageException(string.Join("; ", errors.Select(e => $"{OptionFor(e.Field)}: {e.Message}")));
        }

        return spec;
    }

    /// <summary>Parses <c>NAME=VALUE</c> pairs; null when there are none.</summary>
    /// <exception cref="UsageException">A pair has no '=', an empty name, or repeats a name.</exception>
    public static Dictionary<string, string>? ParseEnv(IReadOnlyList<string> pairs)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        if (pairs.Count == 0)
        {
            return null;
        }

        var env = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in pairs)
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new UsageException($"--env: '{pair}' must be NAME=VALUE");
            }

            if (!env.TryAdd(pair[..equals], pair[(equals + 1)..]))
            {
                throw new UsageException($"--env: {pair[..equals]} is given twice");
            }
        }

        return env;
    }

    /// <summary>The job name for a program: its file name with characters that job names cannot hold replaced by '-'.</summary>
    public static string DefaultName(string program)
    {
        var name = Path.GetFileName(program?.TrimEnd('/') ?? "");
        name = NotNameCharacter().Replace(name, "-").TrimStart('-', '_', '.');
        return name.Length == 0 ? "job" : name[..Math.Min(name.Length, 100)];
    }

    private static string OptionFor(string field)
    {
        if (field.StartsWith("env.", StringComparison.Ordinal))
        {
            return $"--env {field[4..]}";
        }

        foreach (var (prefix, option) in FieldOptions)
        {
            if (field == prefix || field.StartsWith(prefix + "[", StringComparison.Ordinal) || field.StartsWith(prefix + ".", StringComparison.Ordinal))
            {
                return option;
            }
        }

        return field;
    }

    [GeneratedRegex("[^A-Za-z0-9_.-]")]
    private static partial Regex NotNameCharacter();
}
