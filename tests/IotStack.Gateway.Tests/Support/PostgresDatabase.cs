using IotStack.TestServices;
using Npgsql;

namespace IotStack.Gateway.Tests.Support;

/// <summary>A fresh database on the test PostgreSQL per test class, so tests never see each other's rows.</summary>
internal sealed class PostgresDatabase : IAsyncDisposable
{
    private readonly string _admin;
    private readonly string _name = "gwtest_" + Guid.NewGuid().ToString("N");

    private PostgresDatabase(string admin)
    {
        _admin = admin;
        ConnectionString = new NpgsqlConnectionStringBuilder(admin) { Database = _name, Pooling = true }.ConnectionString;
    }

    public string ConnectionString { get; }

    public static async Task<PostgresDatabase> CreateAsync()
    {
        var db = new PostgresDatabase(ServiceEndpoints.PostgresConnectionString);
        await using var connection = new NpgsqlConnection(db._admin);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE {db._name}", connection);
        await command.ExecuteNonQueryAsync();
        return db;
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(_admin);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS {_name} WITH (FORCE)", connection);
        await command.ExecuteNonQueryAsync();
    }
}
