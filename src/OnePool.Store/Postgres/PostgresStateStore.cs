using System.Data.Common;
using Dapper;
using DbUp;
using Npgsql;
using OnePool.Store.Sql;

namespace OnePool.Store.Postgres;

/// <summary>
/// The store on PostgreSQL (for several broker replicas on one database): the same portable SQL as SQLite. Every
/// write transaction first takes one transaction-scoped advisory lock, so writers are serialised across processes
/// exactly as SQLite serialises them in one (the store's writes read, decide and write; they must not interleave);
/// snapshot reads are REPEATABLE READ. Migrations run under a session advisory lock, so replicas starting together
/// migrate once.
/// </summary>
public sealed class PostgresStateStore : SqlStateStore, IDisposable
{
    // Arbitrary constants naming OnePool's locks in pg_locks ("OnePool" as ASCII, and + 1).
    private const long WriteLock = 0x4F6E65506F6F6C;
    private const long MigrationLock = WriteLock + 1;

    private readonly SemaphoreSlim _writer = new(1, 1);
    private readonly NpgsqlDataSource _source;

    /// <summary>Uses the database of <paramref name="connectionString"/> (an Npgsql connection string or a
    /// <c>postgres://user:password@host:port/database</c> URL).</summary>
    public PostgresStateStore(string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        ConnectionString = ToNpgsql(connectionString);
        _source = NpgsqlDataSource.Create(ConnectionString);
    }

    /// <summary>The connection string in Npgsql's form.</summary>
    public string ConnectionString { get; }

    /// <inheritdoc/>
    protected override string BeginSnapshotSql => "BEGIN ISOLATION LEVEL REPEATABLE READ";

    /// <inheritdoc/>
    public override async Task MigrateAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _source.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_lock(@lock)", new { @lock = MigrationLock }, cancellationToken: cancellationToken));
        try
        {
            var result = DeployChanges.To.PostgresqlDatabase(ConnectionString)
                .WithScriptsEmbeddedInAssembly(typeof(PostgresStateStore).Assembly, name => name.Contains(".Migrations.Postgres.", StringComparison.Ordinal))
                .WithTransactionPerScript()
                .LogTo(new NoUpgradeLog())
                .Build()
                .PerformUpgrade();
            if (!result.Successful)
            {
                throw new InvalidOperationException($"Migrating the PostgreSQL store failed at {result.ErrorScript?.Name}: {result.Error.Message}", result.Error);
            }
        }
        finally
        {
            await connection.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_unlock(@lock)", new { @lock = MigrationLock }, cancellationToken: CancellationToken.None));
        }
    }

    /// <inheritdoc/>
    protected override async Task<DbConnection> OpenAsync(CancellationToken cancellationToken) =>
        await _source.OpenConnectionAsync(cancellationToken);

    /// <inheritdoc/>
    protected override async Task<IDisposable> EnterWriteAsync(CancellationToken cancellationToken)
    {
        // In this process one writer at a time (cheaper than queueing on the database lock); across processes, below.
        await _writer.WaitAsync(cancellationToken);
        return new SemaphoreRelease(_writer);
    }

    /// <inheritdoc/>
    /// <remarks>The transaction also gets an idle timeout: a broker process frozen in the middle of a write (SIGSTOP,
    /// a stopped VM, a very long pause) would otherwise hold the write lock, and with it every other replica's writes,
    /// election rounds included, for as long as it stays frozen. After <see cref="FrozenWriterTimeout"/> without a
    /// statement PostgreSQL ends its session, and the lock with it; the frozen process finds its connection gone when it
    /// wakes. Writes run their statements back to back, so a live writer never comes near it.</remarks>
    protected override Task OnWriteBeganAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition(
            "SELECT set_config('idle_in_transaction_session_timeout', @timeout, true), pg_advisory_xact_lock(@lock)",
            new { timeout = ((int)FrozenWriterTimeout.TotalMilliseconds).ToString(System.Globalization.CultureInfo.InvariantCulture), @lock = WriteLock },
            transaction, cancellationToken: cancellationToken));

    /// <summary>How long a write transaction may sit idle before PostgreSQL ends it (see <see cref="OnWriteBeganAsync"/>):
    /// under the default leader lease (8 s), so a frozen leader never delays a takeover past its lease.</summary>
    public static readonly TimeSpan FrozenWriterTimeout = TimeSpan.FromSeconds(5);

    /// <inheritdoc/>
    public void Dispose()
    {
        _writer.Dispose();
        _source.Dispose();
    }

    /// <summary>Npgsql's key=value form, from itself or from a <c>postgres://</c> / <c>postgresql://</c> URL.</summary>
    public static string ToNpgsql(string connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        if (!connection.StartsWith("postgres://", StringComparison.Ordinal) && !connection.StartsWith("postgresql://", StringComparison.Ordinal))
        {
            return new NpgsqlConnectionStringBuilder(connection).ToString();
        }

        var url = new Uri(connection);
        var user = url.UserInfo.Split(':', 2);
        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = url.Host,
            Port = url.IsDefaultPort || url.Port < 0 ? 5432 : url.Port,
            Database = Uri.UnescapeDataString(url.AbsolutePath.TrimStart('/')) is { Length: > 0 } db ? db : "postgres",
            Username = user[0].Length > 0 ? Uri.UnescapeDataString(user[0]) : null,
            Password = user.Length > 1 ? Uri.UnescapeDataString(user[1]) : null,
        };
        return builder.ToString();
    }
}
