using Npgsql;

namespace IotStack.TestServices.Tests;

/// <summary>Proves IOTSTACK_TEST_PG is a real PostgreSQL server the tests may create tables on.</summary>
public sealed class PostgresServiceTests
{
    [Fact]
    public async Task Query_TemporaryTable_RoundTripsParameters()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var connection = new NpgsqlConnection(ServiceEndpoints.PostgresConnectionString);
        await connection.OpenAsync(cts.Token);
        await using (var create = new NpgsqlCommand("CREATE TEMP TABLE reading (device text, value double precision)", connection))
        {
            await create.ExecuteNonQueryAsync(cts.Token);
        }

        await using (var insert = new NpgsqlCommand("INSERT INTO reading VALUES (@d, @v), (@d, @v * 3)", connection))
        {
            insert.Parameters.AddWithValue("d", "esp32-07");
            insert.Parameters.AddWithValue("v", 1.5);
            await insert.ExecuteNonQueryAsync(cts.Token);
        }

        await using var query = new NpgsqlCommand("SELECT count(*), sum(value), current_user FROM reading WHERE device = @d", connection);
        query.Parameters.AddWithValue("d", "esp32-07");
        await using var reader = await query.ExecuteReaderAsync(cts.Token);

        Assert.True(await reader.ReadAsync(cts.Token));
        Assert.Equal(2L, reader.GetInt64(0));
        Assert.Equal(6.0, reader.GetDouble(1));
        Assert.Equal("iot", reader.GetString(2));
    }
}
