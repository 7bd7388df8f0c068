using System.Data.Common;

namespace IotStack.Gateway.Storage;

/// <summary>
/// The store on plain ADO.NET, shared by SQLite and PostgreSQL. Times are milliseconds since the Unix
/// epoch (BIGINT) so both engines compare and index them the same way. Split by concern into partials.
/// </summary>
internal abstract partial class SqlGatewayStore : IGatewayStore
{
    private readonly SqlDialect _dialect;

    protected SqlGatewayStore(SqlDialect dialect)
    {
        _dialect = dialect;
    }

    protected abstract DbConnection CreateConnection();

    /// <summary>Per-connection settings (SQLite pragmas); nothing for PostgreSQL.</summary>
    protected virtual Task ConfigureConnectionAsync(DbConnection connection, CancellationToken cancellationToken) => Task.CompletedTask;

    public virtual async Task InitializeAsync(CancellationToken cancellationToken)
    {
        await using DbConnection connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        foreach (string statement in Schema())
        {
            await ExecuteAsync(connection, null, statement, cancellationToken).ConfigureAwait(false);
        }

        // Added after the first release: a database created before it gains the column here.
        await AddColumnIfMissingAsync(connection, "quarantine", "detail", "TEXT", cancellationToken).ConfigureAwait(false);
        await AddColumnIfMissingAsync(connection, "detector_state", "epoch", "BIGINT NOT NULL DEFAULT 0", cancellationToken).ConfigureAwait(false);
    }

    private static async Task AddColumnIfMissingAsync(DbConnection connection, string table, string column, string type, CancellationToken cancellationToken)
    {
        try
        {
            await ExecuteAsync(connection, null, $"SELECT {column} FROM {table} WHERE 1 = 0", cancellationToken).ConfigureAwait(false);
        }
        catch (DbException)
        {
            // SQLite has no ADD COLUMN IF NOT EXISTS; asking for the column is the portable test.
            await ExecuteAsync(connection, null, $"ALTER TABLE {table} ADD COLUMN {column} {type}", cancellationToken).ConfigureAwait(false);
        }
    }

    public virtual ValueTask DisposeAsync() => ValueTask.CompletedTask;

    protected async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        DbConnection connection = CreateConnection();
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await ConfigureConnectionAsync(connection, cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private IEnumerable<string> Schema()
    {
        string id = _dialect.IdentityColumn;
        yield return "CREATE TABLE IF NOT EXISTS batches (device TEXT NOT NULL, seq BIGINT NOT NULL, received_ms BIGINT NOT NULL, PRIMARY KEY (device, seq))";
        yield return "CREATE TABLE IF NOT EXISTS samples (device TEXT NOT NULL, channel INTEGER NOT NULL, t_ms BIGINT NOT NULL, value DOUBLE PRECISION NOT NULL)";
        yield return "CREATE INDEX IF NOT EXISTS ix_samples_series ON samples (device, channel, t_ms)";
        // Raw samples are written as one block per telemetry batch (SampleBlock); the samples table above holds
        // what earlier versions wrote and is still read, so an upgraded database keeps its history.
        yield return $"CREATE TABLE IF NOT EXISTS sample_blocks (device TEXT NOT NULL, t_first BIGINT NOT NULL, t_last BIGINT NOT NULL, data {_dialect.BlobType} NOT NULL)";
        yield return "CREATE INDEX IF NOT EXISTS ix_sample_blocks_series ON sample_blocks (device, t_first)";
        yield return "CREATE INDEX IF NOT EXISTS ix_batches_received ON batches (received_ms)";
        foreach (string table in new[] { "rollup_1m", "rollup_1h" })
        {
            yield return $"CREATE TABLE IF NOT EXISTS {table} (device TEXT NOT NULL, channel INTEGER NOT NULL, bucket_ms BIGINT NOT NULL, mn DOUBLE PRECISION NOT NULL, mx DOUBLE PRECISION NOT NULL, sm DOUBLE PRECISION NOT NULL, cnt BIGINT NOT NULL, PRIMARY KEY (device, channel, bucket_ms))";
        }

        yield return $"CREATE TABLE IF NOT EXISTS quarantine (id {id}, received_ms BIGINT NOT NULL, topic TEXT NOT NULL, reason INTEGER NOT NULL, payload {_dialect.BlobType} NOT NULL, length INTEGER NOT NULL, detail TEXT)";
        yield return "CREATE TABLE IF NOT EXISTS devices (device TEXT PRIMARY KEY, fleet TEXT NOT NULL, first_seen_ms BIGINT NOT NULL, last_seen_ms BIGINT NOT NULL, state INTEGER NOT NULL, firmware TEXT, board TEXT, uptime_s BIGINT NOT NULL, sensor_errors BIGINT NOT NULL, queue_dropped BIGINT NOT NULL, send_failures BIGINT NOT NULL, last_seq BIGINT NOT NULL)";
        yield return $"CREATE TABLE IF NOT EXISTS alerts (id {id}, device TEXT NOT NULL, channel INTEGER NOT NULL, rule TEXT NOT NULL, source TEXT NOT NULL, status INTEGER NOT NULL, severity INTEGER NOT NULL, signal_severity INTEGER NOT NULL, escalation INTEGER NOT NULL, opened_ms BIGINT NOT NULL, last_signal_ms BIGINT NOT NULL, ack_ms BIGINT, resolved_ms BIGINT, resolved_by TEXT, notified_ms BIGINT, signal_count BIGINT NOT NULL, last_value DOUBLE PRECISION NOT NULL, message TEXT NOT NULL, flapping INTEGER NOT NULL)";
        yield return "CREATE INDEX IF NOT EXISTS ix_alerts_device ON alerts (device, status)";
        yield return $"CREATE TABLE IF NOT EXISTS timeline (id {id}, device TEXT NOT NULL, t_ms BIGINT NOT NULL, kind TEXT NOT NULL, source TEXT NOT NULL, summary TEXT NOT NULL, detail TEXT)";
        yield return "CREATE INDEX IF NOT EXISTS ix_timeline_device ON timeline (device, t_ms)";
        yield return DetectorStateSchema(_dialect);
    }

    protected static async Task<int> ExecuteAsync(DbConnection connection, DbTransaction? transaction, string sql, CancellationToken cancellationToken)
    {
        await using DbCommand command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    protected static DbCommand Command(DbConnection connection, DbTransaction? transaction, string sql, params string[] parameterNames)
    {
        DbCommand command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (string name in parameterNames)
        {
            DbParameter parameter = command.CreateParameter();
            parameter.ParameterName = name;
            command.Parameters.Add(parameter);
        }

        return command;
    }

    protected static void Set(DbCommand command, int index, object? value) =>
        command.Parameters[index].Value = value ?? DBNull.Value;

    protected static long ToMs(DateTimeOffset time) => time.ToUnixTimeMilliseconds();

    protected static DateTimeOffset FromMs(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);

    protected static DateTimeOffset? FromMs(DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : FromMs(reader.GetInt64(ordinal));
}
