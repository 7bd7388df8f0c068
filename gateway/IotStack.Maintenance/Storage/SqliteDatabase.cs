using Microsoft.Data.Sqlite;

namespace IotStack.Maintenance.Storage;

/// <summary>
/// A store's SQLite file, the twin of <see cref="PostgresSchema"/>: its tables are created when the store is made (WAL
/// journal, so reads do not block appends), and each call opens a pooled connection.
/// </summary>
internal sealed class SqliteDatabase
{
    private readonly string _connectionString;

    public SqliteDatabase(string path, string ddl)
    {
        _connectionString = new SqliteConnectionStringBuilder { DataSource = path, Pooling = true }.ToString();
        using SqliteConnection connection = Open();
        using SqliteCommand create = connection.CreateCommand();
        create.CommandText = "PRAGMA journal_mode=WAL;\n" + ddl;
        create.ExecuteNonQuery();
    }

    public SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        return connection;
    }
}
