using IotStack.Gateway.Dashboard.Charts;
using IotStack.Gateway.Storage;

namespace IotStack.Console.Tests.Dashboard.Charts;

public sealed class SeriesWindowTests : IAsyncLifetime
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "iotstack-series-" + Guid.NewGuid().ToString("N")[..8]);
    private SqliteGatewayStore _store = null!;

    public async Task InitializeAsync()
    {
        _store = new SqliteGatewayStore(Path.Combine(_folder, "series.db"));
        await _store.InitializeAsync(CancellationToken.None);
    }

    [Fact]
    public async Task ReadAsync_WeekOfOneHertzData_ReturnsRollupsNoMoreThanTheBucketsSpanned()
    {
        DateTimeOffset now = DateTimeOffset.FromUnixTimeSeconds(1_795_000_000);
        await SeedWeekAsync(_store, "dev-1", now);
        SeriesWindow window = SeriesWindow.For("7d", now);

        IReadOnlyList<SeriesPoint> points = await window.ReadAsync(_store, "dev-1", 1, CancellationToken.None);

        Assert.Equal(SeriesResolution.Hour, window.Resolution);
        Assert.InRange(points.Count, 7 * 24, window.BucketCount);
        Assert.Equal(7L * 24 * 3600, points.Sum(p => p.Count));
        Assert.All(points, p => Assert.InRange(p.Mean, p.Min, p.Max));
    }

    [Fact]
    public async Task ReadAsync_DayOfOneHertzData_MinuteRollupsMergedToAtMostMaxPoints()
    {
        DateTimeOffset now = DateTimeOffset.FromUnixTimeSeconds(1_795_000_000);
        await SeedWeekAsync(_store, "dev-2", now, days: 1);
        SeriesWindow window = SeriesWindow.For("24h", now);

        IReadOnlyList<SeriesPoint> points = await window.ReadAsync(_store, "dev-2", 1, CancellationToken.None);

        Assert.Equal(SeriesResolution.Minute, window.Resolution);
        Assert.InRange(points.Count, 2, SeriesWindow.MaxPoints);
        Assert.Equal(24L * 3600, points.Sum(p => p.Count));
    }

    [Fact]
    public void Merge_KeepsExtremesAndWeightsMeansByCount()
    {
        var t = DateTimeOffset.FromUnixTimeSeconds(0);
        SeriesPoint[] points =
        [
            new(t, 1, 3, 2, 1), new(t.AddMinutes(1), 0, 10, 4, 3),
            new(t.AddMinutes(2), 5, 5, 5, 2), new(t.AddMinutes(3), -1, 6, 1, 2),
        ];

        IReadOnlyList<SeriesPoint> merged = SeriesWindow.Merge(points, 2);

        Assert.Equal([new SeriesPoint(t, 0, 10, 3.5, 4), new SeriesPoint(t.AddMinutes(2), -1, 6, 3, 4)], merged);
    }

    [Theory]
    [InlineData(5, "15m")]
    [InlineData(15, "15m")]
    [InlineData(40, "1h")]
    [InlineData(3 * 60, "6h")]
    [InlineData(20 * 60, "24h")]
    [InlineData(3 * 24 * 60, "7d")]
    [InlineData(90 * 24 * 60, "7d")]
    public void For_NoRangeChosen_TakesTheShortestRangeHoldingTheData(int minutesOfData, string expected)
    {
        DateTimeOffset now = DateTimeOffset.UnixEpoch.AddDays(20_000);

        SeriesWindow window = SeriesWindow.For(null, now, now.AddMinutes(-minutesOfData));

        Assert.Equal(expected, window.Range);
        Assert.Equal(window.To - SeriesWindow.Ranges.Single(r => r.Key == expected).Span, window.From);
    }

    [Fact]
    public void For_ChosenRange_WinsOverTheDataAge()
    {
        DateTimeOffset now = DateTimeOffset.UnixEpoch.AddDays(20_000);

        Assert.Equal("7d", SeriesWindow.For("7d", now, now.AddMinutes(-3)).Range);
    }

    [Fact]
    public void For_UnknownRange_FallsBackToADay()
    {
        Assert.Equal(SeriesWindow.DefaultRange, SeriesWindow.For("1y; DROP TABLE", DateTimeOffset.UnixEpoch).Range);
    }

    public async Task DisposeAsync()
    {
        await _store.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    /// <summary>1 Hz samples on channel 1 ending at <paramref name="end"/>, one batch per minute (as a board would send them, larger).</summary>
    internal static async Task SeedWeekAsync(ITelemetryStore store, string device, DateTimeOffset end, int days = 7)
    {
        long start = end.AddDays(-days).ToUnixTimeMilliseconds();
        int minutes = days * 24 * 60;
        var set = new WriteSet();
        for (int minute = 0; minute < minutes; minute++)
        {
            set.BeginBatch(device, "bench", (uint)minute, start + (minute * 60_000L));
            for (int second = 0; second < 60; second++)
            {
                long ms = start + (minute * 60_000L) + (second * 1000L);
                set.AddSample(1, ms, (float)(21 + Math.Sin(ms / 3_600_000.0)));
            }

            if (set.BatchCount == 1440)
            {
                await store.WriteAsync(set, CancellationToken.None);
                set.Clear();
            }
        }

        if (set.BatchCount > 0)
        {
            await store.WriteAsync(set, CancellationToken.None);
        }
    }
}
