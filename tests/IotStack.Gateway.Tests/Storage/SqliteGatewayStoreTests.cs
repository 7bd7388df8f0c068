using IotStack.Gateway.Storage;
using IotStack.Gateway.Tests.Support;
using IotStack.Protocol;
using IotStack.Gateway.Metrics;
using IotStack.Gateway.Options;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

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

    [Fact]
    public async Task WriteAsync_ManyCommits_LeavesTheCheckpointToCheckpointAsync()
    {
        // SQLite's default has the committing connection checkpoint every 1,000 pages; the writer must only append.
        await WriteCommitsAsync(Store, commits: 40);
        long walBytes = new FileInfo(_dir.File("store.db") + "-wal").Length;
        Assert.True(walBytes > 3 * 1000 * 4096L, $"the WAL holds {walBytes} bytes: the writer checkpointed by itself");
        Assert.True(new FileInfo(_dir.File("store.db")).Length < walBytes / 4, "the data is still only in the WAL");

        WalCheckpoint pass = await ((SqliteGatewayStore)Store).CheckpointAsync(CancellationToken.None);

        Assert.True(pass.WalFrames > 3000, $"{pass.WalFrames} frames");
        Assert.Equal(0, pass.Behind);
        // Pages rewritten by several commits (B-tree interiors, rollup rows) are copied once.
        Assert.True(new FileInfo(_dir.File("store.db")).Length > walBytes / 4, "the checkpoint copied the WAL into the database file");

        // Caught up: the next commit starts the WAL over instead of growing it.
        await WriteCommitsAsync(Store, commits: 1, firstSequence: 1_000_000);
        WalCheckpoint next = await ((SqliteGatewayStore)Store).CheckpointAsync(CancellationToken.None);
        Assert.InRange(next.WalFrames, 1, pass.WalFrames / 10);
        Assert.Equal(41 * 63, (await Store.ReadSequencesAsync("d0", CancellationToken.None)).Count);
    }

    [Fact]
    public async Task Checkpointer_OnItsInterval_CopiesTheWalIntoTheDatabaseFile()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        var metrics = new GatewayMetrics();
        var options = Microsoft.Extensions.Options.Options.Create(new GatewayOptions { Storage = { CheckpointInterval = TimeSpan.FromSeconds(1) } });
        using var checkpointer = new SqliteCheckpointer(Store, metrics, time, options, NullLogger<SqliteCheckpointer>.Instance);
        await checkpointer.StartAsync(CancellationToken.None);
        await WriteCommitsAsync(Store, commits: 10);
        long before = new FileInfo(_dir.File("store.db")).Length;

        // ExecuteAsync starts on the thread pool: keep the clock moving until its timer has been created and fired.
        await Eventually.TrueAsync(
            () =>
            {
                time.Advance(TimeSpan.FromSeconds(1));
                return Task.FromResult(new FileInfo(_dir.File("store.db")).Length > before + (1 << 20));
            },
            "the database file grew by the checkpointed pages");
        Assert.Equal(0, InstrumentReadings.Of(metrics)["iotstack_sqlite_wal_frames_behind"]);
        await checkpointer.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task CheckpointAsync_UnderContinuousWritesAndReads_KeepsTheWalFileBounded()
    {
        // A soak at 2,000 boards saw the WAL file grow to the backstop and past it (67 MB, then 101 MB): a PASSIVE pass
        // copies what was committed when it started while the writer keeps appending, so it never catches up, the WAL
        // never starts over, and the file keeps its high-water mark. Here the writer commits back to back, a reader
        // reads throughout and a checkpoint pass runs after every commit, as the 1 s ticks do under load.
        const long bound = 24L << 20;
        string wal = _dir.File("store.db") + "-wal";
        using var stop = new CancellationTokenSource();
        long commits = 0;
        long reads = 0;
        Task writer = Task.Run(async () =>
        {
            for (uint sequence = 1; !stop.IsCancellationRequested; sequence += 64)
            {
                await WriteCommitsAsync(Store, commits: 1, firstSequence: sequence);
                Interlocked.Increment(ref commits);
            }
        });
        Task reader = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                await Store.ReadSeriesAsync("d3", 2, DateTimeOffset.UnixEpoch, DateTimeOffset.MaxValue, SeriesResolution.Raw, 2000, CancellationToken.None);
                await Store.ReadSequencesAsync("d5", CancellationToken.None);
                Interlocked.Increment(ref reads);
            }
        });

        var store = (SqliteGatewayStore)Store;
        try
        {
            // On until more than the bound has gone through the WAL (the database file holds every page that did) and
            // the reader has finished a read alongside; counted in commits, never in time, so a slow machine only takes
            // longer. 20,000 commits bound a writer or reader that never gets through.
            string database = _dir.File("store.db");
            for (long seen = 0;
                 seen < 20_000 && (new FileInfo(database).Length <= bound || Interlocked.Read(ref reads) == 0);)
            {
                await store.CheckpointAsync(CancellationToken.None);
                long bytes = new FileInfo(wal).Length;
                Assert.True(bytes <= bound, $"after a checkpoint pass at commit {seen} the WAL file holds {bytes:N0} bytes (bound {bound:N0})");

                // Paced by the writer, never by a clock: the next pass after the next commit.
                while (Interlocked.Read(ref commits) == seen && !writer.IsCompleted)
                {
                    await Task.Delay(1);
                }

                seen = Interlocked.Read(ref commits);
            }
        }
        finally
        {
            await stop.CancelAsync();
            await Task.WhenAll(writer, reader);
        }

        // Once the writer rests, a pass leaves the file within the bound too (it keeps its high-water mark otherwise).
        await store.CheckpointAsync(CancellationToken.None);
        Assert.True(new FileInfo(wal).Length <= bound, $"the WAL file holds {new FileInfo(wal).Length:N0} bytes at rest");
        Assert.True(Interlocked.Read(ref reads) > 0, "the reader ran alongside");
        // More than the bound went through the WAL (every page of the database file came through it): it was started
        // over, not merely never filled. Counting the passes' frames undercounts when PASSIVE keeps up on a quiet machine.
        long through = new FileInfo(_dir.File("store.db")).Length;
        Assert.True(through > bound, $"only {through:N0} bytes went through the WAL (bound {bound:N0})");
    }

    [Fact]
    public async Task CheckpointAsync_WhileAReaderHoldsItsSnapshot_TriesTruncateThenLeavesTheWriterAloneForTenTicks()
    {
        var store = (SqliteGatewayStore)Store;
        string wal = _dir.File("store.db") + "-wal";
        await WriteCommitsAsync(Store, commits: 1);
        await using var reader = new SqliteConnection($"Data Source={_dir.File("store.db")}");
        await reader.OpenAsync();
        await using SqliteTransaction snapshot = reader.BeginTransaction(deferred: true);
        await using (SqliteCommand read = reader.CreateCommand())
        {
            read.Transaction = snapshot;
            read.CommandText = "SELECT count(*) FROM batches";
            await read.ExecuteScalarAsync();
        }

        for (uint sequence = 1000; new FileInfo(wal).Length <= SqliteGatewayStore.WalLimitBytes; sequence += 64)
        {
            await WriteCommitsAsync(Store, commits: 1, firstSequence: sequence);
        }

        WalCheckpoint first = await store.CheckpointAsync(CancellationToken.None);
        Assert.Equal(("TRUNCATE", true), (first.Mode, first.Busy));
        for (int tick = 0; tick < SqliteGatewayStore.TicksAfterBusyTruncate; tick++)
        {
            Assert.Equal("PASSIVE", (await store.CheckpointAsync(CancellationToken.None)).Mode);
        }

        // The reader gone, the next tick truncates.
        await snapshot.RollbackAsync();
        WalCheckpoint after = await store.CheckpointAsync(CancellationToken.None);
        Assert.Equal(("TRUNCATE", false), (after.Mode, after.Busy));
        Assert.Equal(0, new FileInfo(wal).Length);
    }

    /// <summary>Commits of 500 batches of 16 samples from 8 devices, as the ingest writer makes them under load.</summary>
    private static async Task WriteCommitsAsync(IGatewayStore store, int commits, uint firstSequence = 1)
    {
        var set = new WriteSet();
        uint sequence = firstSequence;
        for (int c = 0; c < commits; c++)
        {
            set.Clear();
            for (int b = 0; b < 500; b++)
            {
                set.BeginBatch("d" + (b % 8), "f", sequence + (uint)(b / 8), 0);
                for (int s = 0; s < 16; s++)
                {
                    set.AddSample((byte)((s % 3) + 1), (sequence * 1000L) + (b * 16) + s, s);
                }
            }

            sequence += 500 / 8 + 1;
            Assert.Equal(500, await store.WriteAsync(set, CancellationToken.None));
        }
    }

    private static WriteSet Batches1(string device, uint sequence)
    {
        var set = new WriteSet();
        set.BeginBatch(device, "f", sequence, 0);
        set.AddSample(Channel.Temperature, sequence * 1000L, sequence);
        return set;
    }
}
