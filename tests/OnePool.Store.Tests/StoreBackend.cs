using Xunit;
using Npgsql;
using OnePool.Store.Postgres;
using OnePool.Store.Sql;
using OnePool.Store.Sqlite;
using OnePool.TestKit.Postgres;

namespace OnePool.Store.Tests;

/// <summary>How a test gets a fresh store: the store suite runs unchanged on every backend (a matrix, not copies).</summary>
public abstract class StoreBackend
{
    public abstract Task<(SqlStateStore Store, Func<ValueTask> Dispose)> CreateAsync(CancellationToken cancellationToken);

    /// <summary>A SQLite file in a fresh temporary folder.</summary>
    public sealed class Sqlite : StoreBackend
    {
        public static readonly Sqlite Instance = new();

        public override Task<(SqlStateStore, Func<ValueTask>)> CreateAsync(CancellationToken cancellationToken)
        {
            var folder = Directory.CreateTempSubdirectory("onepool-store-").FullName;
            var store = new SqliteStateStore(Path.Combine(folder, "onepool.db"));
            return Task.FromResult<(SqlStateStore, Func<ValueTask>)>((store, () =>
            {
                store.Dispose();
                Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
                Directory.Delete(folder, recursive: true);
                return ValueTask.CompletedTask;
            }));
        }
    }

    /// <summary>A new database on the test PostgreSQL server.</summary>
    public sealed class Postgres(PostgresServer server) : StoreBackend
    {
        public override async Task<(SqlStateStore, Func<ValueTask>)> CreateAsync(CancellationToken cancellationToken)
        {
            var database = "onepool_" + Guid.NewGuid().ToString("N")[..12];
            await using (var admin = new NpgsqlConnection(server.ConnectionString()))
            {
                await admin.OpenAsync(cancellationToken);
                await using var create = new NpgsqlCommand($"CREATE DATABASE {database}", admin);
                await create.ExecuteNonQueryAsync(cancellationToken);
            }

            var store = new PostgresStateStore(server.ConnectionString(database));
            return (store, () =>
            {
                store.Dispose();
                return ValueTask.CompletedTask;
            });
        }
    }
}

/// <summary>One PostgreSQL server for the store suite's PostgreSQL half.</summary>
public sealed class PostgresServerFixture : IAsyncLifetime
{
    public PostgresServer Server { get; private set; } = null!;

    public StoreBackend Backend { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Server = await PostgresServer.StartAsync(CancellationToken.None);
        Backend = new StoreBackend.Postgres(Server);
    }

    public async ValueTask DisposeAsync() => await Server.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class PostgresGroup : ICollectionFixture<PostgresServerFixture>
{
    public const string Name = "postgres";
}
