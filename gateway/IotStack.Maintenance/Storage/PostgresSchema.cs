using Npgsql;

namespace IotStack.Maintenance.Storage;

internal static class PostgresSchema
{
    /// <summary>
    /// Runs DDL in one transaction under a transaction-scoped advisory lock: gateways starting together on one database
    /// would otherwise race on <c>CREATE TABLE IF NOT EXISTS</c> (a unique violation in pg_type).
    /// </summary>
    public static void Create(NpgsqlDataSource db, string lockName, string ddl)
    {
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
    }
}
