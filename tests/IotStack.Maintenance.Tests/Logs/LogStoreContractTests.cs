using IotStack.Maintenance.Logs;
using IotStack.Maintenance.Tests.Support;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;

namespace IotStack.Maintenance.Tests.Logs;

/// <summary>What every <see cref="ILogStore"/> must do; one derived class per implementation.</summary>
public abstract class LogStoreContractTests : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _clock = new(T0);
    private ILogStore? _store;

    private ILogStore Store => _store ?? throw new InvalidOperationException("not initialised");

    /// <summary>A store with one day of retention on the given clock, on the same data as every other one the test made.</summary>
    private protected abstract ILogStore Open(TimeProvider clock);

    private protected abstract Task CreateDataAsync();

    public virtual async Task InitializeAsync()
    {
        await CreateDataAsync();
        _store = Open(_clock);
    }

    public abstract Task DisposeAsync();

    [Fact]
    public async Task LoadCheckpointAsync_SavedWithRecords_SeenByAnotherStore()
    {
        await _store!.AppendAsync([new(T0, LogSeverity.Info, "edge-1", "app", "one")], CancellationToken.None,
            new IotStack.Maintenance.Tailing.TailCheckpoint("edge-1:/var/log/app.log", new IotStack.Maintenance.Tailing.TailPosition(42, 1234), null));
        await Store.AppendAsync([], CancellationToken.None,
            new IotStack.Maintenance.Tailing.TailCheckpoint("edge-1:/var/log/app.log", new IotStack.Maintenance.Tailing.TailPosition(42, 2048), "c1"));

        var other = Open(_clock);
        var checkpoint = await other.LoadCheckpointAsync("edge-1:/var/log/app.log", CancellationToken.None);

        Assert.Equal((42L, 2048L, "c1"), (checkpoint!.Position.Inode, checkpoint.Position.Offset, checkpoint.Cursor));
        Assert.Null(await other.LoadCheckpointAsync("unknown", CancellationToken.None));
        Assert.Equal("one", Assert.Single(await other.SearchAsync(new LogQuery(), CancellationToken.None)).Message);
    }

    private Task Seed() => Store.AppendAsync(
    [
        new(T0.AddHours(-30), LogSeverity.Error, "edge-1", "app", "old failure"),
        new(T0.AddMinutes(-10), LogSeverity.Info, "edge-1", "app", "started 100% ok"),
        new(T0.AddMinutes(-5), LogSeverity.Error, "edge-1", "mosquitto", "Out of memory"),
        new(T0.AddMinutes(-4), LogSeverity.Warning, "dev-42", "sensors", "humidity sensor slow"),
        new(T0.AddMinutes(-3), LogSeverity.Critical, "dev-42", "ota", "image signature INVALID"),
    ], CancellationToken.None);

    [Fact]
    public async Task SearchAsync_MinLevel_ReturnsNewestFirst()
    {
        await Seed();

        var found = await Store.SearchAsync(new LogQuery(MinLevel: LogSeverity.Error), CancellationToken.None);

        Assert.Equal(["image signature INVALID", "Out of memory", "old failure"], found.Select(r => r.Message));
    }

    [Fact]
    public async Task SearchAsync_SourceTextAndTimeRange_Combine()
    {
        await Seed();

        var bySource = await Store.SearchAsync(new LogQuery(Source: "dev-42", Text: "invalid"), CancellationToken.None);
        var byTime = await Store.SearchAsync(new LogQuery(From: T0.AddMinutes(-6), To: T0.AddMinutes(-4)), CancellationToken.None);

        Assert.Equal("image signature INVALID", Assert.Single(bySource).Message);
        Assert.Equal(["humidity sensor slow", "Out of memory"], byTime.Select(r => r.Message));
    }

    [Fact]
    public async Task SearchAsync_TextWithLikeWildcards_MatchesLiterally()
    {
        await Seed();

        Assert.Equal("started 100% ok", Assert.Single(await Store.SearchAsync(new LogQuery(Text: "100%"), CancellationToken.None)).Message);
        Assert.Empty(await Store.SearchAsync(new LogQuery(Text: "1_0"), CancellationToken.None));
    }

    [Fact]
    public async Task PurgeAsync_OlderThanRetention_Removed()
    {
        await Seed();

        var purged = await Store.PurgeAsync(CancellationToken.None);
        _clock.Advance(TimeSpan.FromDays(1));
        var later = await Store.PurgeAsync(CancellationToken.None);

        Assert.Equal(1, purged);
        Assert.Equal(4, later);
        Assert.Empty(await Store.SearchAsync(new LogQuery(), CancellationToken.None));
    }
}
