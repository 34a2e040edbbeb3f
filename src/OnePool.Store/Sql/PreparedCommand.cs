using System.Data.Common;

namespace OnePool.Store.Sql;

/// <summary>
/// One statement of a transaction, prepared once and run again per row with new values (SQLite's row-by-row writes:
/// in-process a statement costs microseconds, and nothing is parsed or allocated per row). Parameters are named in
/// the statement and given values in the same order.
/// </summary>
internal sealed class PreparedCommand : IAsyncDisposable
{
    private readonly DbCommand _command;
    private readonly DbParameter[] _parameters;

    public PreparedCommand(DbConnection connection, DbTransaction transaction, string sql, params string[] parameterNames)
    {
        _command = connection.CreateCommand();
        _command.Transaction = transaction;
        _command.CommandText = sql;
        _parameters = new DbParameter[parameterNames.Length];
        for (var i = 0; i < parameterNames.Length; i++)
        {
            _parameters[i] = _command.CreateParameter();
            _parameters[i].ParameterName = parameterNames[i];
            _command.Parameters.Add(_parameters[i]);
        }
    }

    /// <summary>Runs the statement with these values (null is SQL NULL); returns the rows it changed.</summary>
    public Task<int> ExecuteAsync(CancellationToken cancellationToken, params object?[] values)
    {
        Bind(values);
        return _command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Runs the statement with these values; returns the first column of its first row.</summary>
    public async Task<long> ScalarAsync(CancellationToken cancellationToken, params object?[] values)
    {
        Bind(values);
        return Convert.ToInt64(await _command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }

    public ValueTask DisposeAsync() => _command.DisposeAsync();

    private void Bind(object?[] values)
    {
        for (var i = 0; i < _parameters.Length; i++)
        {
            _parameters[i].Value = values[i] ?? DBNull.Value;
        }
    }
}
