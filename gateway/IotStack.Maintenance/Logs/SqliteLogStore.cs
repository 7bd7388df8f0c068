using System.Data.Common;
using IotStack.Maintenance.Storage;
using IotStack.Maintenance.Tailing;
using Microsoft.Data.Sqlite;

namespace IotStack.Maintenance.Logs;

/// <summary>Collected log records in SQLite with time-based retention. Appends are batched in one transaction.</summary>
internal sealed class SqliteLogStore : SqlLogStore
{
    private readonly SqliteDatabase _db;

    public SqliteLogStore(string databasePath, TimeSpan retention, TimeProvider time)
        : base(retention, time)
    {
        _db = new SqliteDatabase(databasePath, """
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
            """);
    }

    // Case-insensitive for ASCII in SQLite.
    private protected override string LikeOperator => "LIKE";

    private protected override async Task InsertAsync(DbConnection connection, DbTransaction transaction, IReadOnlyCollection<LogRecord> records, CancellationToken cancellationToken)
    {
        await using DbCommand insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = "INSERT INTO log_record (at_ms, level, source, component, message) VALUES ($at, $level, $source, $component, $message)";
        var parameters = (SqliteParameterCollection)insert.Parameters;
        var at = parameters.Add("$at", SqliteType.Integer);
        var level = parameters.Add("$level", SqliteType.Integer);
        var source = parameters.Add("$source", SqliteType.Text);
        var component = parameters.Add("$component", SqliteType.Text);
        var message = parameters.Add("$message", SqliteType.Text);
        foreach (var record in records)
        {
            at.Value = record.At.ToUnixTimeMilliseconds();
            level.Value = (int)record.Level;
            source.Value = record.Source;
            component.Value = record.Component;
            message.Value = record.Message;
            await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private protected override ValueTask<DbConnection> OpenAsync(CancellationToken cancellationToken) => ValueTask.FromResult<DbConnection>(_db.Open());
}
