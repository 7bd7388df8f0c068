using System.Data;
using System.Data.Common;
using IotStack.Maintenance.Storage;
using IotStack.Maintenance.Tailing;

namespace IotStack.Maintenance.Logs;

/// <summary>
/// What the SQLite and PostgreSQL log stores share: the same tables and columns, so checkpoints are read, records
/// searched and old ones purged by the same SQL (both providers take <c>@name</c> parameters). Each store opens its
/// own connections and writes records its own way.
/// </summary>
internal abstract class SqlLogStore(TimeSpan retention, TimeProvider time) : ILogStore
{
    /// <summary>The case-insensitive LIKE of the database: SQLite's LIKE (on ASCII), PostgreSQL's ILIKE.</summary>
    private protected abstract string LikeOperator { get; }

    /// <summary>An open connection to a database whose tables exist.</summary>
    private protected abstract ValueTask<DbConnection> OpenAsync(CancellationToken cancellationToken);

    /// <summary>Writes the records in the append's transaction (there is at least one).</summary>
    private protected abstract Task InsertAsync(DbConnection connection, DbTransaction transaction, IReadOnlyCollection<LogRecord> records, CancellationToken cancellationToken);

    public async Task AppendAsync(IReadOnlyCollection<LogRecord> records, CancellationToken cancellationToken, TailCheckpoint? checkpoint = null)
    {
        ArgumentNullException.ThrowIfNull(records);
        if (records.Count == 0 && checkpoint is null)
        {
            return;
        }

        await using DbConnection connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using DbTransaction transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        if (records.Count > 0)
        {
            await InsertAsync(connection, transaction, records, cancellationToken).ConfigureAwait(false);
        }

        if (checkpoint is not null)
        {
            await SaveCheckpointAsync(connection, transaction, checkpoint, cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<TailCheckpoint?> LoadCheckpointAsync(string key, CancellationToken cancellationToken)
    {
        await using DbConnection connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using DbCommand select = connection.CreateCommand();
        select.CommandText = "SELECT inode, \"offset\", cursor FROM tail_checkpoint WHERE key = @key";
        select.AddParameter("@key", key);
        await using DbDataReader reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
            ? new TailCheckpoint(key, new TailPosition(reader.GetInt64(0), reader.GetInt64(1)), reader.IsDBNull(2) ? null : reader.GetString(2))
            : null;
    }

    public async Task<IReadOnlyList<LogRecord>> SearchAsync(LogQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        await using DbConnection connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using DbCommand select = connection.CreateCommand();
        var filter = new SqlFilter(select);
        filter.Add("level >= @level", "@level", query.MinLevel is { } l ? (int)l : null);
        filter.Add("source = @source", "@source", query.Source);
        filter.Add("component = @component", "@component", query.Component);
        // '%' and '_' typed by a user are literal.
        filter.Add("message " + LikeOperator + @" @text ESCAPE '\'", "@text", query.Text is { Length: > 0 } t ? "%" + EscapeLike(t) + "%" : null);
        filter.Add("at_ms >= @from", "@from", query.From?.ToUnixTimeMilliseconds());
        filter.Add("at_ms <= @to", "@to", query.To?.ToUnixTimeMilliseconds());
        select.CommandText = "SELECT at_ms, level, source, component, message FROM log_record"
            + filter.WhereClause
            + " ORDER BY at_ms DESC, id DESC LIMIT @limit";
        select.AddParameter("@limit", Math.Clamp(query.Limit, 1, 10_000));

        var records = new List<LogRecord>();
        await using DbDataReader reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            records.Add(new LogRecord(DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(0)), (LogSeverity)reader.GetInt32(1),
                reader.GetString(2), reader.GetString(3), reader.GetString(4)));
        }

        return records;
    }

    public async Task<int> PurgeAsync(CancellationToken cancellationToken)
    {
        await using DbConnection connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using DbCommand delete = connection.CreateCommand();
        delete.CommandText = "DELETE FROM log_record WHERE at_ms < @cutoff";
        delete.AddParameter("@cutoff", (time.GetUtcNow() - retention).ToUnixTimeMilliseconds());
        return await delete.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Saves where a tail stopped, in the transaction that stores the records it read up to there.</summary>
    private static async Task SaveCheckpointAsync(DbConnection connection, DbTransaction transaction, TailCheckpoint checkpoint, CancellationToken cancellationToken)
    {
        await using DbCommand save = connection.CreateCommand();
        save.Transaction = transaction;
        save.CommandText = """
            INSERT INTO tail_checkpoint (key, inode, "offset", cursor) VALUES (@key, @inode, @offset, @cursor)
            ON CONFLICT (key) DO UPDATE SET inode = excluded.inode, "offset" = excluded."offset", cursor = excluded.cursor
            """;
        save.AddParameter("@key", checkpoint.Key);
        save.AddParameter("@inode", checkpoint.Position.Inode);
        save.AddParameter("@offset", checkpoint.Position.Offset);
        // Typed, so PostgreSQL knows what a NULL cursor is.
        save.AddParameter("@cursor", checkpoint.Cursor).DbType = DbType.String;
        await save.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static string EscapeLike(string text) => text.Replace(@"\", @"\\").Replace("%", @"\%").Replace("_", @"\_");
}
