using IotStack.Maintenance.Commands;
using IotStack.Maintenance.Storage;
using Microsoft.Data.Sqlite;

namespace IotStack.Maintenance.Audit;

/// <summary>Append-only audit trail in a SQLite file (WAL, so queries do not block appends).</summary>
internal sealed class SqliteAuditLog : IAuditLog
{
    private readonly string _connectionString;

    public SqliteAuditLog(string databasePath)
    {
        _connectionString = new SqliteConnectionStringBuilder { DataSource = databasePath, Pooling = true }.ToString();
        using var connection = Open();
        using var create = connection.CreateCommand();
        create.CommandText = """
            PRAGMA journal_mode=WAL;
            CREATE TABLE IF NOT EXISTS audit (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                at_ms INTEGER NOT NULL,
                requested_by TEXT NOT NULL,
                host TEXT NOT NULL,
                template TEXT NOT NULL,
                arguments TEXT NOT NULL,
                command_text TEXT NOT NULL,
                status INTEGER NOT NULL,
                exit_code INTEGER NULL,
                duration_ms INTEGER NOT NULL,
                output TEXT NOT NULL,
                error TEXT NOT NULL,
                automatic INTEGER NOT NULL);
            CREATE INDEX IF NOT EXISTS audit_host_at ON audit(host, at_ms);
            CREATE INDEX IF NOT EXISTS audit_at ON audit(at_ms);
            """;
        create.ExecuteNonQuery();
    }

    public async Task<long> AppendAsync(AuditEntry entry, CancellationToken cancellationToken)
    {
        await using var connection = Open();
        await using var insert = connection.CreateCommand();
        insert.CommandText = """
            INSERT INTO audit (at_ms, requested_by, host, template, arguments, command_text, status, exit_code, duration_ms, output, error, automatic)
            VALUES ($at, $by, $host, $template, $arguments, $command, $status, $exit, $duration, $output, $error, $automatic)
            RETURNING id;
            """;
        insert.Parameters.AddWithValue("$at", entry.At.ToUnixTimeMilliseconds());
        insert.Parameters.AddWithValue("$by", entry.RequestedBy);
        insert.Parameters.AddWithValue("$host", entry.Host);
        insert.Parameters.AddWithValue("$template", entry.Template);
        insert.Parameters.AddWithValue("$arguments", entry.Arguments);
        insert.Parameters.AddWithValue("$command", entry.CommandText);
        insert.Parameters.AddWithValue("$status", (int)entry.Status);
        insert.Parameters.AddWithValue("$exit", entry.ExitCode is { } code ? code : DBNull.Value);
        insert.Parameters.AddWithValue("$duration", (long)entry.Duration.TotalMilliseconds);
        insert.Parameters.AddWithValue("$output", entry.Output);
        insert.Parameters.AddWithValue("$error", entry.Error);
        insert.Parameters.AddWithValue("$automatic", entry.Automatic ? 1 : 0);
        return (long)(await insert.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    public async Task<IReadOnlyList<AuditEntry>> QueryAsync(AuditQuery query, CancellationToken cancellationToken)
    {
        await using var connection = Open();
        await using var select = connection.CreateCommand();
        var filter = new SqliteFilter(select);
        filter.Add("host = $host COLLATE NOCASE", "$host", query.Host);
        filter.Add("requested_by = $by", "$by", query.RequestedBy);
        filter.Add("template = $template", "$template", query.Template);
        filter.Add("status = $status", "$status", query.Status is { } s ? (int)s : null);
        filter.Add("at_ms >= $from", "$from", query.From?.ToUnixTimeMilliseconds());
        filter.Add("at_ms <= $to", "$to", query.To?.ToUnixTimeMilliseconds());
        filter.Add("automatic = $automatic", "$automatic", query.Automatic is { } a ? (a ? 1 : 0) : null);
        select.CommandText = "SELECT id, at_ms, requested_by, host, template, arguments, command_text, status, exit_code, duration_ms, output, error, automatic FROM audit"
            + filter.WhereClause
            + " ORDER BY id DESC LIMIT $limit";
        select.Parameters.AddWithValue("$limit", Math.Clamp(query.Limit, 1, 10_000));

        var entries = new List<AuditEntry>();
        await using var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            entries.Add(new AuditEntry(
                At: DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(1)),
                RequestedBy: reader.GetString(2),
                Host: reader.GetString(3),
                Template: reader.GetString(4),
                Arguments: reader.GetString(5),
                CommandText: reader.GetString(6),
                Status: (CommandStatus)reader.GetInt32(7),
                ExitCode: reader.IsDBNull(8) ? null : reader.GetInt32(8),
                Duration: TimeSpan.FromMilliseconds(reader.GetInt64(9)),
                Output: reader.GetString(10),
                Error: reader.GetString(11),
                Automatic: reader.GetInt32(12) != 0,
                Id: reader.GetInt64(0)));
        }

        return entries;
    }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        return connection;
    }
}
