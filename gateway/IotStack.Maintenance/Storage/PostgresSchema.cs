using Npgsql;

namespace IotStack.Maintenance.Storage;

/// <summary>
/// A store's tables, created at its first use rather than at construction, so a gateway starts (degraded) while the
/// database is down, and retried by the next use after a failure. The DDL runs in one transaction under a
/// transaction-scoped advisory lock: gateways starting together on one database would otherwise race on
/// <c>CREATE TABLE IF NOT EXISTS</c> (a unique violation in pg_type).
/// </summary>
internal sealed class PostgresSchema(NpgsqlDataSource db, string lockName, string ddl)
{
    private volatile bool _created;

    public void Ensure()
    {
        if (_created)
        {
            return;
        }

        using var connection = db.OpenConnection();
        using var transaction = connection.BeginTransaction();
        using (var lockCommand = new NpgsqlCommand("SELECT pg_advisory_xact_lock(hashtext($1))", connection, transaction))
        {
            lockCommand.Parameters.AddWithValue(lockName);
            lockCommand.ExecuteNonQuery();
        }

        using (var create = new NpgsqlCommand(ddl, connection, transaction))
        {
            create.ExecuteNonQuery();
        }

        transaction.Commit();
        _created = true;
    }
}
