using OnePool.TestKit.Slurm;

namespace OnePool.EndToEnd.Tests.Slurm;

/// <summary>One real Slurm cluster (two nodes, four fake a100 each) shared by the Slurm end-to-end tests; each test
/// starts its own broker and Slurm agent against it.</summary>
public sealed class SlurmSiteFixture : IAsyncLifetime
{
    /// <summary>The ordinary account jobs run as (never root, see docs/slurm.md).</summary>
    public const string User = "nobody";

    public SlurmCluster Slurm { get; private set; } = null!;

    public string JwtFile => Path.Combine(Slurm.Folder, "onepool.jwt");

    public async ValueTask InitializeAsync()
    {
        Slurm = await SlurmCluster.StartAsync(CancellationToken.None);
        await File.WriteAllTextAsync(JwtFile, await Slurm.TokenAsync(User, CancellationToken.None));
    }

    public async ValueTask DisposeAsync() => await Slurm.DisposeAsync();

    /// <summary>A broker with a <c>slurm</c> site <c>hpc</c> fronted by a Slurm agent; both Slurm nodes ready.</summary>
    public async Task<Cluster> StartPoolAsync(CancellationToken cancellationToken, params string[] agentArgs)
    {
        // Quick leases and cycles, but the default suspect/lost timeouts: a restarted agent is back long before them.
        var cluster = await Cluster.StartAsync([], cancellationToken, new Dictionary<string, string>
        {
            ["OnePool__Broker__LeaseInterval"] = "00:00:01",
            ["OnePool__Broker__MaxLeaseWait"] = "00:00:01",
            ["OnePool__Broker__ScheduleInterval"] = "00:00:00.500",
        });
        cluster.AgentArgs.AddRange(agentArgs);
        var token = await cluster.AddSiteAsync("hpc", "slurm");
        cluster.StartSlurmAgent(token, Slurm.RestUrl, User, JwtFile);
        await cluster.WaitForNodesAsync(2);
        return cluster;
    }

    /// <summary>Makes both nodes usable again after a test that drained or downed one.</summary>
    public async Task ResumeNodesAsync()
    {
        foreach (var node in new[] { "n1", "n2" })
        {
            await Slurm.RunAsync("scontrol", ["update", $"nodename={node}", "state=resume"], CancellationToken.None);
        }
    }
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SlurmEndToEndGroup : ICollectionFixture<SlurmSiteFixture>
{
    public const string Name = "slurm-end-to-end";
}
