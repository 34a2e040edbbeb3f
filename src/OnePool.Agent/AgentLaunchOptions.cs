namespace OnePool.Agent;

/// <summary>What <see cref="AgentRunner.RunAsync"/> needs to serve one node.</summary>
public sealed class AgentLaunchOptions
{
    /// <summary>The broker's base URL, e.g. <c>https://pool.example.org</c>.</summary>
    public required Uri BrokerUrl { get; init; }

    /// <summary>Every replica of the broker, <see cref="BrokerUrl"/> first (several replicas share one PostgreSQL
    /// database; the agent leases from whichever leads). Default: <see cref="BrokerUrl"/> alone.</summary>
    public IReadOnlyList<Uri> BrokerUrls
    {
        get => _brokerUrls is { Count: > 0 } urls ? urls : [BrokerUrl];
        init => _brokerUrls = value;
    }

    private readonly IReadOnlyList<Uri>? _brokerUrls;

    /// <summary>The site's join token, sent as <c>Authorization: Bearer &lt;token&gt;</c>. Never passed on to jobs.</summary>
    public required string Token { get; init; }

    /// <summary>Path of the node config YAML. Default: null, which means the hostname, all CPUs, all memory and
    /// accelerators detected with <c>nvidia-smi</c>.</summary>
    public string? ConfigPath { get; init; }

    /// <summary>Directory for logs (<c>logs/</c>), work directories (<c>work/</c>), checkpoints (<c>checkpoints/</c>)
    /// and the state file (<c>agent-state.json</c>). Created when missing.</summary>
    public required string DataDirectory { get; init; }

    /// <summary>Whether running replicas are stopped (SIGTERM, then SIGKILL after at most 5 s) when the agent shuts
    /// down. Default: true. When false they keep running, but the next agent start on this data directory kills them.</summary>
    public bool StopJobsOnShutdown { get; init; } = true;

    /// <summary>How long the agent keeps its replicas running without reaching the broker before it stops them itself
    /// (self-fencing), so that the broker, which declares the node lost after its lost timeout (30 s by default), can
    /// requeue the work without two copies running. Not applied while connections are refused (the broker is down,
    /// not cut off, and grants a grace after it restarts). Default: 25 seconds; zero turns self-fencing off.</summary>
    public TimeSpan SelfFenceAfter { get; init; } = TimeSpan.FromSeconds(25);

    /// <summary>Set for the <c>slurm</c> executor: the agent fronts this Slurm cluster instead of running processes
    /// itself (docs/slurm.md). Null: the <c>process</c> executor.</summary>
    public Slurm.SlurmSettings? Slurm { get; init; }
}
