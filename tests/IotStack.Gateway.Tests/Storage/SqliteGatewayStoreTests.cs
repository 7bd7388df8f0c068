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

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        _dir.Dispose();
    }

    [Fact]
    public async Task ReadSeriesAsync_RowsFromBeforeSampleBlocks_MergedInTimeOrder()
    {
        // A database written by an earlier version holds one row per sample; an upgrade must not hide that history.
        using (var legacy = new SqliteConnection($"Data Source={_dir.File("store.db")}"))
        {
            await legacy.OpenAsync();
            await using SqliteCommand insert = legacy.CreateCommand();
            insert.CommandText = "INSERT INTO samples (device, channel, t_ms, value) VALUES ('m', 1, 2000, 2.5)";
            await insert.ExecuteNonQueryAsync();
        }

        var set = new WriteSet();
        set.BeginBatch("m", "f", 1, 0);
        set.AddSample(Channel.Temperature, 3000, 3.5f);
        set.AddSample(Channel.Temperature, 1000, 1.5f);
        await Store.WriteAsync(set, CancellationToken.None);

        var raw = await Store.ReadSeriesAsync("m", Channel.Temperature, DateTimeOffset.FromUnixTimeMilliseconds(0), DateTimeOffset.FromUnixTimeMilliseconds(10_000), SeriesResolution.Raw, 10, CancellationToken.None);

        Assert.Equal([1.5, 2.5, 3.5], raw.Select(p => p.Mean));
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
