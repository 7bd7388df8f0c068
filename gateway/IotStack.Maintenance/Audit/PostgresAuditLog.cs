using System.Data.Common;
using IotStack.Maintenance.Storage;
using Npgsql;

namespace IotStack.Maintenance.Audit;

/// <summary>The audit trail in the gateways' shared PostgreSQL database: every gateway's commands in one place (docs/scale.md).</summary>
internal sealed class PostgresAuditLog : SqlAuditLog, IDisposable
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

    private protected override string HostEqualsClause => "lower(host) = lower(@host)";

    public void Dispose() => _db.Dispose();

    private protected override async ValueTask<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        _schema.Ensure();
        return await _db.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
    }
}
