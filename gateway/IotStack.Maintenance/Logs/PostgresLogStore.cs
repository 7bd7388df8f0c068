using System.Data.Common;
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
internal sealed class PostgresLogStore : SqlLogStore, IDisposable
{
    private readonly NpgsqlDataSource _db;
    private readonly PostgresSchema _schema;

    public PostgresLogStore(string connectionString, TimeSpan retention, TimeProvider time)
        : base(retention, time)
    {
        _db = NpgsqlDataSource.Create(connectionString);
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

    // Case-insensitive like SQLite's LIKE on ASCII (and beyond).
    private protected override string LikeOperator => "ILIKE";

    /// <summary>One binary COPY for the batch.</summary>
    private protected override async Task InsertAsync(DbConnection connection, DbTransaction transaction, IReadOnlyCollection<LogRecord> records, CancellationToken cancellationToken)
    {
        await using var copy = await ((NpgsqlConnection)connection).BeginBinaryImportAsync("COPY log_record (at_ms, level, source, component, message) FROM STDIN (FORMAT BINARY)", cancellationToken).ConfigureAwait(false);
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

    public void Dispose() => _db.Dispose();

    private protected override async ValueTask<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        _schema.Ensure();
        return await _db.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
    }
}
