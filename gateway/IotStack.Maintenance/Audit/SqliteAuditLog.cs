using System.Data.Common;
using IotStack.Maintenance.Storage;

namespace IotStack.Maintenance.Audit;

/// <summary>Append-only audit trail in a SQLite file (WAL, so queries do not block appends).</summary>
internal sealed class SqliteAuditLog : SqlAuditLog
{
    private readonly SqliteDatabase _db;

    public SqliteAuditLog(string databasePath)
    {
        _db = new SqliteDatabase(databasePath, """
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
            """);
    }

    private protected override string HostEqualsClause => "host = @host COLLATE NOCASE";

    private protected override ValueTask<DbConnection> OpenAsync(CancellationToken cancellationToken) => ValueTask.FromResult<DbConnection>(_db.Open());
}
