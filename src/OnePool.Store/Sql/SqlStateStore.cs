using System.Data.Common;
using System.Text.Json;
using Dapper;

namespace OnePool.Store.Sql;

/// <summary>
/// The store in portable SQL through Dapper: the statements run unchanged on SQLite and PostgreSQL (both have
/// <c>RETURNING</c>, <c>ON CONFLICT</c> and partial indexes), so a backend only supplies connections, its
/// migrations and how writers are serialised.
/// </summary>
public abstract partial class SqlStateStore : IStateStore
{
    static SqlStateStore() => DefaultTypeMap.MatchNamesWithUnderscores = true;

    /// <summary>JSON for the small documents kept in columns (labels, devices, inventories).</summary>
    protected static JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web);

    /// <inheritdoc/>
    public abstract Task MigrateAsync(CancellationToken cancellationToken);

    /// <summary>Opens a connection for reading.</summary>
    protected abstract Task<DbConnection> OpenAsync(CancellationToken cancellationToken);

    /// <summary>Waits until this process may write (SQLite has one writer at a time; waiting here is cheaper than
    /// its busy loop). The result is disposed when the write transaction ends.</summary>
    protected abstract Task<IDisposable> EnterWriteAsync(CancellationToken cancellationToken);

    /// <summary>Runs <paramref name="work"/> in one committed write transaction.</summary>
    protected async Task<T> WriteAsync<T>(Func<DbConnection, DbTransaction, Task<T>> work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        using var gate = await EnterWriteAsync(cancellationToken);
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await OnWriteBeganAsync(connection, transaction, cancellationToken);
        var result = await work(connection, transaction);
        await transaction.CommitAsync(cancellationToken);
        return result;
    }

    /// <summary>Runs several reads that must agree with each other inside one read transaction: every query sees the
    /// same committed state (in SQLite's WAL mode a deferred transaction reads one snapshot and takes no write lock).
    /// The transaction is begun in SQL, not through the ADO.NET API, so queries need no transaction object.</summary>
    protected async Task<T> SnapshotReadAsync<T>(Func<DbConnection, Task<T>> work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        await using var connection = await OpenAsync(cancellationToken);
        // CommandType.Text: Dapper takes a one-word command such as BEGIN for a stored procedure's name.
        await connection.ExecuteAsync(new CommandDefinition(BeginSnapshotSql, commandType: System.Data.CommandType.Text, cancellationToken: cancellationToken));
        try
        {
            return await work(connection);
        }
        finally
        {
            await connection.ExecuteAsync(new CommandDefinition("COMMIT", commandType: System.Data.CommandType.Text));
        }
    }

    /// <summary>Called at the start of every write transaction: where several processes share the database, the
    /// backend serialises writers across them here. Default: nothing (SQLite serialises in <see cref="EnterWriteAsync"/>).</summary>
    protected virtual Task OnWriteBeganAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken) =>
        Task.CompletedTask;

    /// <summary>Starts a read transaction that sees one snapshot. Default: <c>BEGIN</c> (deferred in SQLite);
    /// PostgreSQL needs <c>BEGIN ISOLATION LEVEL REPEATABLE READ</c>.</summary>
    protected virtual string BeginSnapshotSql => "BEGIN";

    /// <summary>Runs <paramref name="work"/> on a read connection.</summary>
    protected async Task<T> ReadAsync<T>(Func<DbConnection, Task<T>> work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        await using var connection = await OpenAsync(cancellationToken);
        return await work(connection);
    }

    // Rows per multi-row statement: enough to save PostgreSQL round trips, few enough that binding named parameters
    // (a linear search per parameter in Dapper and Microsoft.Data.Sqlite) stays cheap.
    private const int Batch = 64;

    private static Task<int> AddEventAsync(DbConnection c, DbTransaction t, long jobId, long at, string type, string message) =>
        c.ExecuteAsync("INSERT INTO events (job_id, at, type, message) VALUES (@jobId, @at, @type, @message)",
            new { jobId, at, type, message }, t);

    /// <summary>Splits <paramref name="items"/> into chunks of <see cref="Batch"/>, then of powers of two (100 rows: 64,
    /// 32, 4). Dapper compiles and caches code per distinct SQL text, and a multi-row statement's text depends on its
    /// row count: with any count, every batch size made (and soon dropped) its own emitted code, which kept the
    /// finalizer thread busy; with powers of two a statement has at most seven shapes, all cached.</summary>
    private static IEnumerable<T[]> Chunks<T>(IReadOnlyList<T> items)
    {
        var start = 0;
        while (start < items.Count)
        {
            var size = Batch;
            while (size > items.Count - start)
            {
                size /= 2;
            }

            var chunk = new T[size];
            for (var i = 0; i < size; i++)
            {
                chunk[i] = items[start + i];
            }

            start += size;
            yield return chunk;
        }
    }

    /// <summary>Inserts events with one statement per <see cref="Batch"/> (in power-of-two chunks, see <see cref="Chunks{T}"/>).</summary>
    private static async Task AddEventsAsync(DbConnection c, DbTransaction t, IReadOnlyList<(long JobId, long At, string Type, string Message)> events, CancellationToken cancellationToken)
    {
        foreach (var chunk in Chunks(events))
        {
            var args = new DynamicParameters();
            var rows = new List<string>(chunk.Length);
            for (var i = 0; i < chunk.Length; i++)
            {
                args.Add($"j{i}", chunk[i].JobId);
                args.Add($"a{i}", chunk[i].At);
                args.Add($"t{i}", chunk[i].Type);
                args.Add($"m{i}", chunk[i].Message);
                rows.Add($"(@j{i}, @a{i}, @t{i}, @m{i})");
            }

            await c.ExecuteAsync(Cmd($"INSERT INTO events (job_id, at, type, message) VALUES {string.Join(", ", rows)}", args, t, cancellationToken));
        }
    }

    private static CommandDefinition Cmd(string sql, object? args, DbTransaction? t, CancellationToken ct) =>
        new(sql, args, t, cancellationToken: ct);
}
