using System.Data.Common;
using DbUp;
using Microsoft.Data.Sqlite;
using OnePool.Store.Sql;

namespace OnePool.Store.Sqlite;

/// <summary>
/// The default store: one SQLite file in WAL mode with <c>synchronous=FULL</c>, so a committed submission
/// survives a crash of the process and of the machine. Writers are serialised in process (SQLite allows one
/// writer at a time); readers run concurrently from the connection pool.
/// </summary>
public sealed class SqliteStateStore : SqlStateStore, IDisposable
{
    private readonly SemaphoreSlim _writer = new(1, 1);
    private readonly string _connectionString;

    /// <inheritdoc/>
    protected override bool WritesRowByRow => true;

    /// <summary>Opens (and creates if needed) the database file at <paramref name="path"/>.</summary>
    public SqliteStateStore(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        Path = System.IO.Path.GetFullPath(path);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = Path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
    }

    /// <summary>The database file.</summary>
    public string Path { get; }

    /// <inheritdoc/>
    public override async Task MigrateAsync(CancellationToken cancellationToken)
    {
        await using (var connection = await OpenAsync(cancellationToken))
        await using (var wal = connection.CreateCommand())
        {
            // WAL is a property of the file: set once, it stays.
            wal.CommandText = "PRAGMA journal_mode=WAL;";
            await wal.ExecuteNonQueryAsync(cancellationToken);
        }

        using var gate = await EnterWriteAsync(cancellationToken);
        var result = DeployChanges.To.SqliteDatabase(_connectionString)
            .WithScriptsEmbeddedInAssembly(typeof(SqliteStateStore).Assembly, name => name.Contains(".Migrations.Sqlite.", StringComparison.Ordinal))
            .WithTransactionPerScript()
            .LogTo(new NoUpgradeLog())
            .Build()
            .PerformUpgrade();
        if (!result.Successful)
        {
            throw new InvalidOperationException($"Migrating {Path} failed at {result.ErrorScript?.Name}: {result.Error.Message}", result.Error);
        }
    }

    /// <inheritdoc/>
    protected override async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var pragma = connection.CreateCommand();
        pragma.CommandText = "PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;";
        await pragma.ExecuteNonQueryAsync(cancellationToken);
        return connection;
    }

    /// <inheritdoc/>
    protected override async Task<IDisposable> EnterWriteAsync(CancellationToken cancellationToken)
    {
        await _writer.WaitAsync(cancellationToken);
        return new SemaphoreRelease(_writer);
    }

    /// <inheritdoc/>
    public void Dispose() => _writer.Dispose();
}
