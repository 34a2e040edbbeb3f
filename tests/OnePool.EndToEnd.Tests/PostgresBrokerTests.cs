using OnePool.TestKit.Postgres;
using Shouldly;

namespace OnePool.EndToEnd.Tests;

/// <summary><c>onepool server</c> on PostgreSQL (OnePool__Broker__Store) instead of its SQLite file: real broker
/// and agent processes, a throw-away PostgreSQL server.</summary>
[Collection(EndToEndGroup.Name)]
[Trait("Category", "Postgres")]
public sealed class PostgresBrokerTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Broker_OnPostgres_RunsAJobAndKeepsItAcrossAKill()
    {
        await using var postgres = await PostgresServer.StartAsync(Ct);
        await using var cluster = await Cluster.StartAsync([new NodeSpec("a", "a-1", 2, "2Gi")], Ct, new Dictionary<string, string>
        {
            ["OnePool__Broker__Store"] = $"postgres://postgres@127.0.0.1:{postgres.Port.ToString(System.Globalization.CultureInfo.InvariantCulture)}/postgres",
        });

        var id = await cluster.SubmitAsync("name: pg\nresources: {cpu: 1, memory: 256Mi}\nrun: echo stored in postgres\n");
        var done = await cluster.WaitForJobAsync(id, j => j.Job.State is "succeeded" or "failed", TimeSpan.FromSeconds(60));
        done.Job.State.ShouldBe("succeeded", done.Job.Reason);
        File.Exists(Path.Combine(cluster.DataDirectory, "onepool.db")).ShouldBeFalse(); // nothing went to SQLite

        await cluster.KillServerAsync();
        await cluster.StartServerAsync();

        (await cluster.JobAsync(id)).Job.State.ShouldBe("succeeded");
        (await cluster.CliAsync("logs", id.ToString(System.Globalization.CultureInfo.InvariantCulture))).Stdout.ShouldContain("stored in postgres");
    }
}
