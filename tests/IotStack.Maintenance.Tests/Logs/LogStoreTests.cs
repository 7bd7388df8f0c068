using IotStack.Maintenance.Logs;
using IotStack.Maintenance.Tests.Support;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;

namespace IotStack.Maintenance.Tests.Logs;

public sealed class LogStoreTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);
    private readonly TempDirectory _temp = new();
    private readonly FakeTimeProvider _clock = new(T0);
    private readonly ILogStore _store;

    public LogStoreTests()
    {
        _store = new SqliteLogStore(_temp.File("logs.db"), TimeSpan.FromDays(1), _clock);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _temp.Dispose();
    }

    private Task Seed() => _store.AppendAsync(
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

        var found = await _store.SearchAsync(new LogQuery(MinLevel: LogSeverity.Error), CancellationToken.None);

        Assert.Equal(["image signature INVALID", "Out of memory", "old failure"], found.Select(r => r.Message));
    }

    [Fact]
    public async Task SearchAsync_SourceTextAndTimeRange_Combine()
    {
        await Seed();

        var bySource = await _store.SearchAsync(new LogQuery(Source: "dev-42", Text: "invalid"), CancellationToken.None);
        var byTime = await _store.SearchAsync(new LogQuery(From: T0.AddMinutes(-6), To: T0.AddMinutes(-4)), CancellationToken.None);

        Assert.Equal("image signature INVALID", Assert.Single(bySource).Message);
        Assert.Equal(["humidity sensor slow", "Out of memory"], byTime.Select(r => r.Message));
    }

    [Fact]
    public async Task SearchAsync_TextWithLikeWildcards_MatchesLiterally()
    {
        await Seed();

        Assert.Equal("started 100% ok", Assert.Single(await _store.SearchAsync(new LogQuery(Text: "100%"), CancellationToken.None)).Message);
        Assert.Empty(await _store.SearchAsync(new LogQuery(Text: "1_0"), CancellationToken.None));
    }

    [Fact]
    public async Task PurgeAsync_OlderThanRetention_Removed()
    {
        await Seed();

        var purged = await _store.PurgeAsync(CancellationToken.None);
        _clock.Advance(TimeSpan.FromDays(1));
        var later = await _store.PurgeAsync(CancellationToken.None);

        Assert.Equal(1, purged);
        Assert.Equal(4, later);
        Assert.Empty(await _store.SearchAsync(new LogQuery(), CancellationToken.None));
    }
}
