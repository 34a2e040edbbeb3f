using OnePool.Agent.Slurm;
using OnePool.TestKit.Slurm;

namespace OnePool.Agent.Tests.Slurm;

/// <summary>One real Slurm cluster for all Slurm tests of this assembly (starting one takes a couple of seconds).</summary>
public sealed class SlurmClusterFixture : IAsyncLifetime
{
    /// <summary>The Slurm account jobs run as: an ordinary account, as docs/slurm.md asks, never root.</summary>
    public const string User = "nobody";

    public SlurmCluster Cluster { get; private set; } = null!;

    internal SlurmSettings Settings { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Cluster = await SlurmCluster.StartAsync(CancellationToken.None);
        Settings = new SlurmSettings
        {
            RestUrl = Cluster.RestUrl,
            User = User,
            Token = await Cluster.TokenAsync(User, CancellationToken.None),
            PollInterval = TimeSpan.FromMilliseconds(500),
        };
    }

    public async ValueTask DisposeAsync() => await Cluster.DisposeAsync();
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SlurmTests : ICollectionFixture<SlurmClusterFixture>
{
    public const string Name = "slurm";
}
