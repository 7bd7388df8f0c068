using Npgsql;

namespace IotStack.TestServices;

/// <summary>
/// A fresh database on the shared test PostgreSQL (<see cref="ServiceEndpoints.PostgresConnectionString"/>), dropped at
/// the end, after the stores a test opened on it (<see cref="Open{T}"/>).
/// </summary>
public sealed class PostgresTestDatabase : IAsyncDisposable
{
    private readonly string _admin;
    private readonly string _name;
    private readonly List<IDisposable> _owned = [];

    private PostgresTestDatabase(string admin, string prefix)
    {
        _admin = admin;
        _name = prefix + "_" + Guid.NewGuid().ToString("N");
        ConnectionString = new NpgsqlConnectionStringBuilder(admin) { Database = _name, Pooling = true }.ConnectionString;
    }

    public string ConnectionString { get; }

    public static async Task<PostgresTestDatabase> CreateAsync(string prefix)
    {
        var db = new PostgresTestDatabase(ServiceEndpoints.PostgresConnectionString, prefix);
        await using var connection = new NpgsqlConnection(db._admin);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE {db._name}", connection);
        await command.ExecuteNonQueryAsync();
        return db;
    }

    /// <summary>
    /// A store (or anything disposable) made on this database's connection string; disposed before the database is
    /// dropped. Safe from several threads.
    /// </summary>
    public T Open<T>(Func<string, T> open)
        where T : IDisposable
    {
        T item = open(ConnectionString);
        lock (_owned)
        {
            _owned.Add(item);
        }

        return item;
    }

    /// <summary>Runs SQL on this database over a connection of its own (unpooled, so it never keeps the database from being dropped).</summary>
    public async Task<object?> ScalarAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(ConnectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }

    public async ValueTask DisposeAsync()
    {
        lock (_owned)
        {
            _owned.ForEach(item => item.Dispose());
            _owned.Clear();
        }

        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(_admin);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS {_name} WITH (FORCE)", connection);
        await command.ExecuteNonQueryAsync();
    }
}
