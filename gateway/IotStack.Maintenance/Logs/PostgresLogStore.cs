using IotStack.Maintenance.Storage;
using IotStack.Maintenance.Tailing;
using Npgsql;
using NpgsqlTypes;

namespace IotStack.Maintenance.Logs;

/// <summary>
/// Log records and tail checkpoints in the gateways' shared PostgreSQL database (docs/scale.md): every gateway's board logs
/// searchable from any of them, and the next leader's host tails resume where the last one's stopped. Appends go in one
/// binary COPY per batch.
/// </summary>
internal sealed class PostgresLogStore : ILogStore, IDisposable
{
    private readonly NpgsqlDataSource _db;
    private readonly PostgresSchema _schema;
    private readonly TimeProvider _time;
    private readonly TimeSpan _retention;

    public PostgresLogStore(string connectionString, TimeSpan retention, TimeProvider time)
    {
        _db = NpgsqlDataSource.Create(connectionString);
        _retention = retention;
        _time = time;
        _schema = new PostgresSchema(_db, "iotstack.schema.logs", """
            CREATE TABLE IF NOT EXISTS log_record (
                id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                at_ms bigint NOT NULL,
                level integer NOT NULL,
                source text NOT NULL,
                component text NOT NULL,
                message text NOT NULL);
            CREATE INDEX IF NOT EXISTS log_record_at ON log_record (at_ms);
            CREATE INDEX IF NOT EXISTS log_record_source_at ON log_record (source, at_ms);
            CREATE TABLE IF NOT EXISTS tail_checkpoint (
                key text PRIMARY KEY,
                inode bigint NOT NULL,
                "offset" bigint NOT NULL,
                cursor text NULL);
            """);
    }

    public async Task AppendAsync(IReadOnlyCollection<LogRecord> records, CancellationToken cancellationToken, TailCheckpoint? checkpoint = null)
    {
        _schema.Ensure();
        ArgumentNullException.ThrowIfNull(records);
        if (records.Count == 0 && checkpoint is null)
        {
            return;
        }

        await using var connection = await _db.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        if (records.Count > 0)
        {
            await using var copy = await connection.BeginBinaryImportAsync("COPY log_record (at_ms, level, source, component, message) FROM STDIN (FORMAT BINARY)", cancellationToken).ConfigureAwait(false);
            foreach (var record in records)
            {
                await copy.StartRowAsync(cancellationToken).ConfigureAwait(false);
                await copy.WriteAsync(record.At.ToUnixTimeMilliseconds(), NpgsqlDbType.Bigint, cancellationToken).ConfigureAwait(false);
                await copy.WriteAsync((int)record.Level, NpgsqlDbType.Integer, cancellationToken).ConfigureAwait(false);
                await copy.WriteAsync(record.Source, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                await copy.WriteAsync(record.Component, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                await copy.WriteAsync(record.Message, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
            }

            await copy.CompleteAsync(cancellationToken).ConfigureAwait(false);
        }

        if (checkpoint is not null)
        {
            await using var save = new NpgsqlCommand("""
                INSERT INTO tail_checkpoint (key, inode, "offset", cursor) VALUES ($1, $2, $3, $4)
                ON CONFLICT (key) DO UPDATE SET inode = excluded.inode, "offset" = excluded."offset", cursor = excluded.cursor
                """, connection, transaction);
            save.Parameters.AddWithValue(checkpoint.Key);
            save.Parameters.AddWithValue(checkpoint.Position.Inode);
            save.Parameters.AddWithValue(checkpoint.Position.Offset);
            save.Parameters.AddWithValue(NpgsqlDbType.Text, (object?)checkpoint.Cursor ?? DBNull.Value);
            await save.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<TailCheckpoint?> LoadCheckpointAsync(string key, CancellationToken cancellationToken)
    {
        _schema.Ensure();
        await using var select = _db.CreateCommand("SELECT inode, \"offset\", cursor FROM tail_checkpoint WHERE key = $1");
        select.Parameters.AddWithValue(key);
        await using var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
            ? new TailCheckpoint(key, new TailPosition(reader.GetInt64(0), reader.GetInt64(1)), reader.IsDBNull(2) ? null : reader.GetString(2))
            : null;
    }

    public async Task<IReadOnlyList<LogRecord>> SearchAsync(LogQuery query, CancellationToken cancellationToken)
    {
        _schema.Ensure();
        ArgumentNullException.ThrowIfNull(query);
        await using var select = _db.CreateCommand();
        var filter = new PostgresFilter(select);
        filter.Add("level >= @level", "level", query.MinLevel is { } l ? (int)l : null);
        filter.Add("source = @source", "source", query.Source);
        filter.Add("component = @component", "component", query.Component);
        // ILIKE: case-insensitive like SQLite's LIKE on ASCII (and beyond); '%' and '_' typed by a user are literal.
        filter.Add(@"message ILIKE @text ESCAPE '\'", "text", query.Text is { Length: > 0 } t ? "%" + EscapeLike(t) + "%" : null);
        filter.Add("at_ms >= @from", "from", query.From?.ToUnixTimeMilliseconds());
        filter.Add("at_ms <= @to", "to", query.To?.ToUnixTimeMilliseconds());
        select.CommandText = "SELECT at_ms, level, source, component, message FROM log_record"
            + filter.WhereClause
            + " ORDER BY at_ms DESC, id DESC LIMIT @limit";
        select.Parameters.AddWithValue("limit", Math.Clamp(query.Limit, 1, 10_000));

        var records = new List<LogRecord>();
        await using var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            records.Add(new LogRecord(DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(0)), (LogSeverity)reader.GetInt32(1),
                reader.GetString(2), reader.GetString(3), reader.GetString(4)));
        }

        return records;
    }

    public async Task<int> PurgeAsync(CancellationToken cancellationToken)
    {
        _schema.Ensure();
        await using var delete = _db.CreateCommand("DELETE FROM log_record WHERE at_ms < $1");
        delete.Parameters.AddWithValue((_time.GetUtcNow() - _retention).ToUnixTimeMilliseconds());
        return await delete.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public void Dispose() => _db.Dispose();

    private static string EscapeLike(string text) => text.Replace(@"\", @"\\").Replace("%", @"\%").Replace("_", @"\_");
}
