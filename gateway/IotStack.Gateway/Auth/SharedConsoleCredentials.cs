using IotStack.Maintenance.Storage;
using Npgsql;

namespace IotStack.Gateway.Auth;

/// <summary>
/// The console's generated credentials in the gateways' shared PostgreSQL database (docs/scale.md): the first-run admin's
/// password hash and the local admin token's hash, so that every gateway on the database accepts the same ones. Hashes
/// only, as in the files they replace; the first gateway to create one wins and the others take it.
/// </summary>
internal sealed class SharedConsoleCredentials : IDisposable
{
    public const string FirstRunAdminKey = "first-run-admin";
    public const string LocalTokenKey = "local-admin-token";

    private readonly NpgsqlDataSource _db;
    private readonly PostgresSchema _schema;

    public SharedConsoleCredentials(string connectionString)
    {
        _db = NpgsqlDataSource.Create(connectionString);
        _schema = new PostgresSchema(_db, "iotstack.schema.console", """
            CREATE TABLE IF NOT EXISTS console_credential (key text PRIMARY KEY, value text NOT NULL, created_by text NOT NULL);
            """);
    }

    public (string Value, string CreatedBy)? Read(string key)
    {
        _schema.Ensure();
        using var select = _db.CreateCommand("SELECT value, created_by FROM console_credential WHERE key = $1");
        select.Parameters.AddWithValue(key);
        using var reader = select.ExecuteReader();
        return reader.Read() ? (reader.GetString(0), reader.GetString(1)) : null;
    }

    /// <summary>Stores <paramref name="value"/> unless another gateway stored one first; true when this one did.</summary>
    public bool TryCreate(string key, string value, string createdBy)
    {
        _schema.Ensure();
        using var insert = _db.CreateCommand("INSERT INTO console_credential (key, value, created_by) VALUES ($1, $2, $3) ON CONFLICT (key) DO NOTHING");
        insert.Parameters.AddWithValue(key);
        insert.Parameters.AddWithValue(value);
        insert.Parameters.AddWithValue(createdBy);
        return insert.ExecuteNonQuery() == 1;
    }

    public void Replace(string key, string value, string createdBy)
    {
        _schema.Ensure();
        using var upsert = _db.CreateCommand("INSERT INTO console_credential (key, value, created_by) VALUES ($1, $2, $3) ON CONFLICT (key) DO UPDATE SET value = excluded.value, created_by = excluded.created_by");
        upsert.Parameters.AddWithValue(key);
        upsert.Parameters.AddWithValue(value);
        upsert.Parameters.AddWithValue(createdBy);
        upsert.ExecuteNonQuery();
    }

    public void Dispose() => _db.Dispose();
}
