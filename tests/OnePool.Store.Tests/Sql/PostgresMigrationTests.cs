using Npgsql;
using OnePool.Store.Postgres;
using Shouldly;
using Xunit;

namespace OnePool.Store.Tests.Sql;

/// <summary>What only PostgreSQL has: several broker processes on one database.</summary>
[Collection(PostgresGroup.Name)]
[Trait("Category", "Postgres")]
public sealed class PostgresMigrationTests(PostgresServerFixture postgres)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task MigrateAsync_TwoReplicasStartingAtOnce_MigrateOnce()
    {
        var database = "onepool_" + Guid.NewGuid().ToString("N")[..12];
        await using (var admin = new NpgsqlConnection(postgres.Server.ConnectionString()))
        {
            await admin.OpenAsync(Ct);
            await using var create = new NpgsqlCommand($"CREATE DATABASE {database}", admin);
            await create.ExecuteNonQueryAsync(Ct);
        }

        using var a = new PostgresStateStore(postgres.Server.ConnectionString(database));
        using var b = new PostgresStateStore(postgres.Server.ConnectionString(database));

        await Task.WhenAll(a.MigrateAsync(Ct), b.MigrateAsync(Ct));

        await using var check = new NpgsqlConnection(postgres.Server.ConnectionString(database));
        await check.OpenAsync(Ct);
        await using var count = new NpgsqlCommand("SELECT COUNT(*) FROM schemaversions", check);
        var applied = (long)(await count.ExecuteScalarAsync(Ct))!;
        applied.ShouldBe(Directory.GetFiles(MigrationsFolder(), "*.sql").Length);
    }

    [Fact]
    public void ToNpgsql_PostgresUrl_BecomesAConnectionString()
    {
        var text = PostgresStateStore.ToNpgsql("postgres://ops:s%40cret@db.example.org:6543/onepool");

        var parsed = new NpgsqlConnectionStringBuilder(text);
        (parsed.Host, parsed.Port, parsed.Database, parsed.Username, parsed.Password).ShouldBe(("db.example.org", 6543, "onepool", "ops", "s@cret"));
    }

    private static string MigrationsFolder() => Path.Combine(OnePool.TestKit.Files.RepositoryRoot.Path, "src", "OnePool.Store", "Migrations", "Postgres");
}
