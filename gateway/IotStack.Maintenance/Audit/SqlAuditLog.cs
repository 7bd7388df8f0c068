using System.Data;
using System.Data.Common;
using IotStack.Maintenance.Commands;
using IotStack.Maintenance.Storage;

namespace IotStack.Maintenance.Audit;

/// <summary>
/// What the SQLite and PostgreSQL audit logs share: the same table and columns, so entries are appended and queried by
/// the same SQL (both providers take <c>@name</c> parameters). Each log opens its own connections.
/// </summary>
internal abstract class SqlAuditLog : IAuditLog
{
    /// <summary>The host filter, case-insensitive the way the database's host index is.</summary>
    private protected abstract string HostEqualsClause { get; }

    /// <summary>An open connection to a database whose table exists.</summary>
    private protected abstract ValueTask<DbConnection> OpenAsync(CancellationToken cancellationToken);

    public async Task<long> AppendAsync(AuditEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        await using DbConnection connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using DbCommand insert = connection.CreateCommand();
        insert.CommandText = """
            INSERT INTO audit (at_ms, requested_by, host, template, arguments, command_text, status, exit_code, duration_ms, output, error, automatic)
            VALUES (@at, @by, @host, @template, @arguments, @command, @status, @exit, @duration, @output, @error, @automatic)
            RETURNING id
            """;
        insert.AddParameter("@at", entry.At.ToUnixTimeMilliseconds());
        insert.AddParameter("@by", entry.RequestedBy);
        insert.AddParameter("@host", entry.Host);
        insert.AddParameter("@template", entry.Template);
        insert.AddParameter("@arguments", entry.Arguments);
        insert.AddParameter("@command", entry.CommandText);
        insert.AddParameter("@status", (int)entry.Status);
        // Typed, so PostgreSQL knows what a NULL exit code is.
        insert.AddParameter("@exit", entry.ExitCode).DbType = DbType.Int32;
        insert.AddParameter("@duration", (long)entry.Duration.TotalMilliseconds);
        insert.AddParameter("@output", entry.Output);
        insert.AddParameter("@error", entry.Error);
        insert.AddParameter("@automatic", entry.Automatic);
        return (long)(await insert.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    public async Task<IReadOnlyList<AuditEntry>> QueryAsync(AuditQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        await using DbConnection connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using DbCommand select = connection.CreateCommand();
        var filter = new SqlFilter(select);
        filter.Add(HostEqualsClause, "@host", query.Host);
        filter.Add("requested_by = @by", "@by", query.RequestedBy);
        filter.Add("template = @template", "@template", query.Template);
        filter.Add("status = @status", "@status", query.Status is { } s ? (int)s : null);
        filter.Add("at_ms >= @from", "@from", query.From?.ToUnixTimeMilliseconds());
        filter.Add("at_ms <= @to", "@to", query.To?.ToUnixTimeMilliseconds());
        filter.Add("automatic = @automatic", "@automatic", query.Automatic);
        select.CommandText = "SELECT id, at_ms, requested_by, host, template, arguments, command_text, status, exit_code, duration_ms, output, error, automatic FROM audit"
            + filter.WhereClause
            + " ORDER BY id DESC LIMIT @limit";
        select.AddParameter("@limit", Math.Clamp(query.Limit, 1, 10_000));

        var entries = new List<AuditEntry>();
        await using DbDataReader reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
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
                // SQLite stores the flag as 0 or 1; its reader's GetBoolean reads that as PostgreSQL's reads a boolean.
                Automatic: reader.GetBoolean(12),
                Id: reader.GetInt64(0)));
        }

        return entries;
    }
}
