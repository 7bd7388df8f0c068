using IotStack.Gateway.Storage;
using IotStack.Gateway.Tests.Support;
using IotStack.Protocol;
using Microsoft.Data.Sqlite;

namespace IotStack.Gateway.Tests.Storage;

public sealed class SqliteGatewayStoreTests : GatewayStoreContractTests
{
    private readonly TempDirectory _dir = new();

    private protected override Task<IGatewayStore> CreateStoreAsync() =>
        Task.FromResult<IGatewayStore>(new SqliteGatewayStore(_dir.File("store.db")));

    private protected override async Task ExecuteAsync(string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={_dir.File("store.db")}");
        await connection.OpenAsync();
        await using SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        _dir.Dispose();
    }

    [Fact]
    public async Task WriteAsync_TwoStoresOnOneFile_BothWriteInTurn()
    {
        // The writer keeps its connection open between commits: it must not keep the write lock with it.
        await Store.WriteAsync(Batches1("x", 1), CancellationToken.None);
        await using (var other = new SqliteGatewayStore(_dir.File("store.db")))
        {
            Assert.Equal(1, await other.WriteAsync(Batches1("y", 1), CancellationToken.None));
        }

        Assert.Equal(1, await Store.WriteAsync(Batches1("x", 2), CancellationToken.None));
        Assert.Equal([1u, 2u], await Store.ReadSequencesAsync("x", CancellationToken.None));
        Assert.Equal([1u], await Store.ReadSequencesAsync("y", CancellationToken.None));
    }

    private static WriteSet Batches1(string device, uint sequence)
    {
        var set = new WriteSet();
        set.BeginBatch(device, "f", sequence, 0);
        set.AddSample(Channel.Temperature, sequence * 1000L, sequence);
        return set;
    }
}
