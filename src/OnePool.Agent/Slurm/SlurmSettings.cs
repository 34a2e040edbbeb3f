namespace OnePool.Agent.Slurm;

/// <summary>How the <c>slurm</c> executor reaches its Slurm cluster (docs/slurm.md).</summary>
public sealed class SlurmSettings
{
    /// <summary>slurmrestd's base URL, e.g. <c>http://slurm-login:6820</c>.</summary>
    public required Uri RestUrl { get; init; }

    /// <summary>The Slurm user the agent acts as (<c>X-SLURM-USER-NAME</c>); jobs run as this user. Use an
    /// ordinary account made for OnePool, never root or SlurmUser: a token for those can do anything to the cluster.</summary>
    public required string User { get; init; }

    /// <summary>File holding the JWT (<c>scontrol token username=USER</c>), read again before every call so it can be
    /// rotated; or <see cref="Token"/>.</summary>
    public string? TokenFile { get; init; }

    /// <summary>The JWT itself, when not read from <see cref="TokenFile"/>.</summary>
    public string? Token { get; init; }

    /// <summary>OpenAPI plugin version of the paths (<c>v0.0.38</c> is what Debian 12's Slurm 22.05 ships).</summary>
    public string ApiVersion { get; init; } = "v0.0.38";

    /// <summary>Partitions whose nodes join the pool; empty: every partition.</summary>
    public IReadOnlyList<string> Partitions { get; init; } = [];

    /// <summary>Slurm GRES type → pool model (<c>a100 → A100-80G</c>); types not listed are mapped by the agent's
    /// built-in table of NVIDIA names (<c>h100 → H100</c>).</summary>
    public IReadOnlyDictionary<string, string> GpuTypes { get; init; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Folder for job scripts, output files and checkpoints. It must be visible at the same path on the
    /// compute nodes (a shared file system) and writable by <see cref="User"/>. Default: DATA/slurm.</summary>
    public string? JobsDirectory { get; init; }

    /// <summary>How many times a node's capacity OnePool may queue in Slurm on top of what runs there, so Slurm
    /// starts the next job the moment one ends (short jobs gain most). Default: 0 (OnePool sends only what fits).</summary>
    public int QueueDepth { get; init; }

    /// <summary>How often Slurm's nodes and its queue are read. Default: 2 s.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>How often the jobs of live attempts are read while there are any (nothing is read when there are
    /// none): the delay between a job's end and OnePool hearing of it, which every wave of short jobs pays.
    /// Default: 0.5 s, one small GET of slurmrestd.</summary>
    public TimeSpan JobPollInterval { get; init; } = TimeSpan.FromMilliseconds(500);
}
