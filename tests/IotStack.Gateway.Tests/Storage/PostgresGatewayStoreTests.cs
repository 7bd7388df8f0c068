using IotStack.Gateway.Storage;
using IotStack.Gateway.Tests.Support;
using IotStack.Protocol;
using IotStack.TestServices;
using Npgsql;

namespace IotStack.Gateway.Tests.Storage;

public sealed class PostgresGatewayStoreTests : GatewayStoreContractTests
{
    private PostgresTestDatabase? _database;

    private PostgresTestDatabase Database => _database ?? throw new InvalidOperationException("not initialised");

    private protected override async Task<IGatewayStore> CreateStoreAsync()
    {
        _database = await PostgresTestDatabase.CreateAsync("gwtest");
        return new PostgresGatewayStore(_database.ConnectionString);
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }

    [Fact]
    public async Task WriteAsync_SameSequenceInAnotherGatewaysOpenTransaction_WaitsThenSkipsIt()
    {
        // Two gateways on one database: a batch redelivered to this one while the other has written it but not yet committed.
        await using NpgsqlConnection otherGateway = await OpenAsync();
        await using NpgsqlTransaction otherCommit = await otherGateway.BeginTransactionAsync();
        await using (var insert = new NpgsqlCommand("INSERT INTO batches (device, seq, received_ms) VALUES ('both', 100, 0)", otherGateway))
        {
            await insert.ExecuteNonQueryAsync();
        }

        WriteSet set = Batches("both", Enumerable.Range(1, 200).Select(i => (uint)i).ToArray());
        Task<int> write = Store.WriteAsync(set, CancellationToken.None);
        await Eventually.TrueAsync(() => IsWaitingOnLockAsync(), "the write waits on the other transaction's row");
        await otherCommit.CommitAsync();
        int stored = await write;

        Assert.Equal(199, stored);
        Assert.Equal(Enumerable.Range(0, 200).Select(i => i != 99), Enumerable.Range(0, 200).Select(set.IsNew));
        var raw = await Store.ReadSeriesAsync("both", Channel.Temperature, DateTimeOffset.FromUnixTimeMilliseconds(0), DateTimeOffset.FromUnixTimeMilliseconds(1_000_000), SeriesResolution.Raw, 1000, CancellationToken.None);
        Assert.Equal(199, raw.Count);
        Assert.DoesNotContain(100.0, raw.Select(p => p.Mean));
    }

    [Fact]
    public async Task WriteAsync_SessionConnectionKilled_FailsThenNextWriteStores()
    {
        await Store.WriteAsync(Batches("k", 1), CancellationToken.None);
        // What a server restart or failover does to the writer's open connection.
        await ExecuteAsync("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()");

        await Assert.ThrowsAnyAsync<NpgsqlException>(() => Store.WriteAsync(Batches("k", 2), CancellationToken.None));
        int stored = await Store.WriteAsync(Batches("k", 2, 3), CancellationToken.None);

        Assert.Equal(2, stored);
        Assert.Equal([1u, 2u, 3u], await Store.ReadSequencesAsync("k", CancellationToken.None));
    }

    private static WriteSet Batches(string device, params uint[] sequences)
    {
        var set = new WriteSet();
        foreach (uint sequence in sequences)
        {
            set.BeginBatch(device, "f", sequence, 0);
            set.AddSample(Channel.Temperature, sequence * 1000L, sequence);
        }

        return set;
    }

    private protected override async Task ExecuteAsync(string sql)
    {
        await using NpgsqlConnection connection = await OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private async Task<bool> IsWaitingOnLockAsync()
    {
        await using NpgsqlConnection connection = await OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'", connection);
        return (long)(await command.ExecuteScalarAsync())! > 0;
    }

    private async Task<NpgsqlConnection> OpenAsync()
    {
        // Unpooled: a connection that outlives the test would keep the database from being dropped.
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(Database.ConnectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        return connection;
    }
}
