using IotStack.Maintenance.Commands;
using IotStack.Maintenance.Storage;
using Npgsql;

namespace IotStack.Maintenance.Audit;

/// <summary>The audit trail in the gateways' shared PostgreSQL database: every gateway's commands in one place (docs/scale.md).</summary>
internal sealed class PostgresAuditLog : IAuditLog, IDisposable
{
    private readonly NpgsqlDataSource _db;
    private readonly PostgresSchema _schema;

    public PostgresAuditLog(string connectionString)
    {
        _db = NpgsqlDataSource.Create(connectionString);
        _schema = new PostgresSchema(_db, "iotstack.schema.audit", """
            CREATE TABLE IF NOT EXISTS audit (
                id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                at_ms bigint NOT NULL,
                requested_by text NOT NULL,
                host text NOT NULL,
                template text NOT NULL,
                arguments text NOT NULL,
                command_text text NOT NULL,
                status integer NOT NULL,
                exit_code integer NULL,
                duration_ms bigint NOT NULL,
                output text NOT NULL,
                error text NOT NULL,
                automatic boolean NOT NULL);
            CREATE INDEX IF NOT EXISTS audit_host_at ON audit (lower(host), at_ms);
            CREATE INDEX IF NOT EXISTS audit_at ON audit (at_ms);
            """);
    }

    public async Task<long> AppendAsync(AuditEntry entry, CancellationToken cancellationToken)
    {
        _schema.Ensure();
        ArgumentNullException.ThrowIfNull(entry);
        await using var insert = _db.CreateCommand("""
            INSERT INTO audit (at_ms, requested_by, host, template, arguments, command_text, status, exit_code, duration_ms, output, error, automatic)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
            RETURNING id
            """);
        insert.Parameters.AddWithValue(entry.At.ToUnixTimeMilliseconds());
        insert.Parameters.AddWithValue(entry.RequestedBy);
        insert.Parameters.AddWithValue(entry.Host);
        insert.Parameters.AddWithValue(entry.Template);
        insert.Parameters.AddWithValue(entry.Arguments);
        insert.Parameters.AddWithValue(entry.CommandText);
        insert.Parameters.AddWithValue((int)entry.Status);
        insert.Parameters.AddWithValue(NpgsqlTypes.NpgsqlDbType.Integer, entry.ExitCode is { } code ? code : DBNull.Value);
        insert.Parameters.AddWithValue((long)entry.Duration.TotalMilliseconds);
        insert.Parameters.AddWithValue(entry.Output);
        insert.Parameters.AddWithValue(entry.Error);
        insert.Parameters.AddWithValue(entry.Automatic);
        return (long)(await insert.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    public async Task<IReadOnlyList<AuditEntry>> QueryAsync(AuditQuery query, CancellationToken cancellationToken)
    {
        _schema.Ensure();
        ArgumentNullException.ThrowIfNull(query);
        await using var select = _db.CreateCommand();
        var filter = new PostgresFilter(select);
        filter.Add("lower(host) = lower(@host)", "host", query.Host);
        filter.Add("requested_by = @by", "by", query.RequestedBy);
        filter.Add("template = @template", "template", query.Template);
        filter.Add("status = @status", "status", query.Status is { } s ? (int)s : null);
        filter.Add("at_ms >= @from", "from", query.From?.ToUnixTimeMilliseconds());
        filter.Add("at_ms <= @to", "to", query.To?.ToUnixTimeMilliseconds());
        filter.Add("automatic = @automatic", "automatic", query.Automatic);
        select.CommandText = "SELECT id, at_ms, requested_by, host, template, arguments, command_text, status, exit_code, duration_ms, output, error, automatic FROM audit"
            + filter.WhereClause
            + " ORDER BY id DESC LIMIT @limit";
        select.Parameters.AddWithValue("limit", Math.Clamp(query.Limit, 1, 10_000));

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
                Automatic: reader.GetBoolean(12),
                Id: reader.GetInt64(0)));
        }

        return entries;
    }

    public void Dispose() => _db.Dispose();
}
