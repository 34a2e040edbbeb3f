using System.CommandLine;
using OnePool.Agent.Slurm;

namespace OnePool.Cli.Commands.Service;

/// <summary>The <c>--executor slurm</c> options of <c>onepool agent</c> (docs/slurm.md).</summary>
internal sealed class SlurmAgentOptions
{
    public Option<string> Executor { get; } = new("--executor")
    {
        Description = "process: run jobs as processes on this node; slurm: front a Slurm cluster through slurmrestd",
        DefaultValueFactory = _ => "process",
    };

    public Option<string?> Url { get; } = new("--slurm-url") { Description = "slurmrestd URL, e.g. http://127.0.0.1:6820" };

    public Option<string?> User { get; } = new("--slurm-user") { Description = "Slurm user the jobs run as (an ordinary account, not root or SlurmUser)" };

    public Option<string?> TokenFile { get; } = new("--slurm-token-file")
    {
        Description = "File with that user's JWT (scontrol token username=USER), re-read before each call; or set $ONEPOOL_SLURM_JWT",
    };

    public Option<string[]> Partitions { get; } = new("--slurm-partition") { Description = "Partition whose nodes join the pool (repeatable; default: all)" };

    public Option<string[]> GpuTypes { get; } = new("--slurm-gpu-type") { Description = "GRES type to pool model, e.g. a100=A100-80G (repeatable)" };

    public Option<string?> JobsDirectory { get; } = new("--slurm-jobs-dir")
    {
        Description = "Folder for job scripts, output and checkpoints, at the same path on the compute nodes (default: DATA/slurm)",
    };

    public Option<int> QueueDepth { get; } = new("--slurm-queue-depth")
    {
        Description = "Let OnePool queue this many times each node's capacity in Slurm beyond what runs (0-16; default 0)",
    };

    public Option<string> ApiVersion { get; } = new("--slurm-api-version") { Description = "slurmrestd OpenAPI version", DefaultValueFactory = _ => "v0.0.38" };

    public IEnumerable<Option> All => [Executor, Url, User, TokenFile, Partitions, GpuTypes, JobsDirectory, QueueDepth, ApiVersion];

    /// <summary>The settings when <c>--executor slurm</c>, null for <c>process</c>; a usage error for anything missing.</summary>
    public SlurmSettings? Read(ParseResult parse, Func<string, string?> environment)
    {
        var executor = parse.GetValue(Executor);
        if (executor == "process")
        {
            return null;
        }

        if (executor != "slurm")
        {
            throw new UsageException($"--executor: '{executor}' is not an executor; use process or slurm");
        }

        if (!Uri.TryCreate(parse.GetValue(Url), UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
        {
            throw new UsageException("--executor slurm needs --slurm-url http://HOST:PORT (slurmrestd)");
        }

        var user = parse.GetValue(User) ?? throw new UsageException("--executor slurm needs --slurm-user (the account jobs run as)");
        var file = parse.GetValue(TokenFile);
        var token = environment("ONEPOOL_SLURM_JWT");
        if (file is null && string.IsNullOrEmpty(token))
        {
            throw new UsageException("--executor slurm needs --slurm-token-file or $ONEPOOL_SLURM_JWT (scontrol token username=USER)");
        }

        if (file is not null && !File.Exists(file))
        {
            throw new UsageException($"--slurm-token-file: {file} does not exist");
        }

        var types = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var pair in parse.GetValue(GpuTypes) ?? [])
        {
            var parts = pair.Split('=', 2, StringSplitOptions.TrimEntries);
            if (parts.Length != 2 || parts[0].Length == 0 || !Core.Resources.ModelName.IsValid(parts[1]))
            {
                throw new UsageException($"--slurm-gpu-type: '{pair}' is not TYPE=MODEL, e.g. a100=A100-80G");
            }

            types[parts[0]] = parts[1];
        }

        var depth = parse.GetValue(QueueDepth);
        if (depth is < 0 or > 16)
        {
            throw new UsageException($"--slurm-queue-depth: {depth} is not between 0 and 16");
        }

        return new SlurmSettings
        {
            QueueDepth = depth,
            RestUrl = url,
            User = user,
            TokenFile = file,
            Token = file is null ? token : null,
            ApiVersion = parse.GetValue(ApiVersion)!,
            Partitions = parse.GetValue(Partitions) ?? [],
            GpuTypes = types,
            JobsDirectory = parse.GetValue(JobsDirectory),
        };
    }
}
