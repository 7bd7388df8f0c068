using IotStack.Maintenance.Storage;
using IotStack.Maintenance.Tailing;
using Microsoft.Data.Sqlite;

namespace IotStack.Maintenance.Logs;

/// <summary>Collected log records in SQLite with time-based retention. Appends are batched in one transaction.</summary>
internal sealed class SqliteLogStore : ILogStore
{
    private readonly string _connectionString;
    private readonly TimeProvider _time;
    private readonly TimeSpan _retention;

    public SqliteLogStore(string databasePath, TimeSpan retention, TimeProvider time)
    {
        _connectionString = new SqliteConnectionStringBuilder { DataSource = databasePath, Pooling = true }.ToString();
        _retention = retention;
        _time = time;
        using var connection = Open();
        using var create = connection.CreateCommand();
        create.CommandText = """
            PRAGMA journal_mode=WAL;
            CREATE TABLE IF NOT EXISTS log_record (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                at_ms INTEGER NOT NULL,
                level INTEGER NOT NULL,
                source TEXT NOT NULL,
                component TEXT NOT NULL,
                message TEXT NOT NULL);
            CREATE INDEX IF NOT EXISTS log_record_at ON log_record(at_ms);
            CREATE INDEX IF NOT EXISTS log_record_source_at ON log_record(source, at_ms);
            CREATE TABLE IF NOT EXISTS tail_checkpoint (
                key TEXT PRIMARY KEY,
                inode INTEGER NOT NULL,
                offset INTEGER NOT NULL,
                cursor TEXT NULL);
            """;
        create.ExecuteNonQuery();
    }

    public async Task AppendAsync(IReadOnlyCollection<LogRecord> records, CancellationToken cancellationToken, TailCheckpoint? checkpoint = null)
    {
        if (records.Count == 0 && checkpoint is null)
        {
            return;
        }

        await using var connection = Open();
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = "INSERT INTO log_record (at_ms, level, source, component, message) VALUES ($at, $level, $source, $component, $message)";
        var at = insert.Parameters.Add("$at", SqliteType.Integer);
        var level = insert.Parameters.Add("$level", SqliteType.Integer);
        var source = insert.Parameters.Add("$source", SqliteType.Text);
        var component = insert.Parameters.Add("$component", SqliteType.Text);
        var message = insert.Parameters.Add("$message", SqliteType.Text);
        foreach (var record in records)
        {
            at.Value = record.At.ToUnixTimeMilliseconds();
            level.Value = (int)record.Level;
            source.Value = record.Source;
            component.Value = record.Component;
            message.Value = record.Message;
            await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        if (checkpoint is not null)
        {
            await using var save = connection.CreateCommand();
            save.Transaction = transaction;
            save.CommandText = "INSERT INTO tail_checkpoint (key, inode, offset, cursor) VALUES ($key, $inode, $offset, $cursor) "
                + "ON CONFLICT(key) DO UPDATE SET inode = excluded.inode, offset = excluded.offset, cursor = excluded.cursor";
            save.Parameters.AddWithValue("$key", checkpoint.Key);
            save.Parameters.AddWithValue("$inode", checkpoint.Position.Inode);
            save.Parameters.AddWithValue("$offset", checkpoint.Position.Offset);
            save.Parameters.AddWithValue("$cursor", (object?)checkpoint.Cursor ?? DBNull.Value);
            await save.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<TailCheckpoint?> LoadCheckpointAsync(string key, CancellationToken cancellationToken)
    {
        await using var connection = Open();
        await using var select = connection.CreateCommand();
        select.CommandText = "SELECT inode, offset, cursor FROM tail_checkpoint WHERE key = $key";
        select.Parameters.AddWithValue("$key", key);
        await using var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
            ? new TailCheckpoint(key, new TailPosition(reader.GetInt64(0), reader.GetInt64(1)), reader.IsDBNull(2) ? null : reader.GetString(2))
            : null;
    }

    public async Task<IReadOnlyList<LogRecord>> SearchAsync(LogQuery query, CancellationToken cancellationToken)
    {
        await using var connection = Open();
        await using var select = connection.CreateCommand();
        var filter = new SqliteFilter(select);
        filter.Add("level >= $level", "$level", query.MinLevel is { } l ? (int)l : null);
        filter.Add("source = $source", "$source", query.Source);
        filter.Add("component = $component", "$component", query.Component);
        filter.Add(@"message LIKE $text ESCAPE '\'", "$text", query.Text is { Length: > 0 } t ? "%" + EscapeLike(t) + "%" : null);
        filter.Add("at_ms >= $from", "$from", query.From?.ToUnixTimeMilliseconds());
        filter.Add("at_ms <= $to", "$to", query.To?.ToUnixTimeMilliseconds());
        select.CommandText = "SELECT at_ms, level, source, component, message FROM log_record"
            + filter.WhereClause
            + " ORDER BY at_ms DESC, id DESC LIMIT $limit";
        select.Parameters.AddWithValue("$limit", Math.Clamp(query.Limit, 1, 10_000));

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
        await using var connection = Open();
        await using var delete = connection.CreateCommand();
        delete.CommandText = "DELETE FROM log_record WHERE at_ms < $cutoff";
        delete.Parameters.AddWithValue("$cutoff", (_time.GetUtcNow() - _retention).ToUnixTimeMilliseconds());
        return await delete.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    // LIKE is case-insensitive for ASCII in SQLite; '%' and '_' typed by a user are literal.
    private static string EscapeLike(string text) => text.Replace(@"\", @"\\").Replace("%", @"\%").Replace("_", @"\_");

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        return connection;
    }
}
