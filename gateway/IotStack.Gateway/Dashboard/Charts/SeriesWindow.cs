using IotStack.Gateway.Storage;

namespace IotStack.Gateway.Dashboard.Charts;

/// <summary>
/// A chart's time range and how it is read: always from rollups (minute up to a day, hour beyond), never raw rows,
/// then merged down to at most <see cref="MaxPoints"/> points, so a week of 1 Hz data is 168 hour buckets, not 604,800 rows.
/// </summary>
internal sealed record SeriesWindow(string Range, DateTimeOffset From, DateTimeOffset To, SeriesResolution Resolution)
{
    public const int MaxPoints = 360;
    public const string DefaultRange = "24h";

    public static readonly IReadOnlyList<(string Key, TimeSpan Span)> Ranges =
    [
        ("15m", TimeSpan.FromMinutes(15)),
        ("1h", TimeSpan.FromHours(1)),
        ("6h", TimeSpan.FromHours(6)),
        ("24h", TimeSpan.FromHours(24)),
        ("7d", TimeSpan.FromDays(7)),
    ];

    public TimeSpan Bucket => Resolution == SeriesResolution.Minute ? TimeSpan.FromMinutes(1) : TimeSpan.FromHours(1);

    /// <summary>Rollup buckets the range touches (a partial bucket at each end counts): the most rows a read may return.</summary>
    public int BucketCount => (int)Math.Ceiling((To - From) / Bucket) + 1;

    /// <param name="dataSince">When the series began (the device's first report): without a chosen range the chart
    /// takes the shortest one that holds all of it, so a fresh device's minutes fill the width instead of the last
    /// pixel column of a day.</param>
    public static SeriesWindow For(string? range, DateTimeOffset now, DateTimeOffset? dataSince = null)
    {
        var (key, span) = Ranges.FirstOrDefault(r => r.Key == range);
        if (key is null)
        {
            (key, span) = dataSince is { } since
                ? Ranges.FirstOrDefault(r => r.Span >= now - since, Ranges[^1])
                : Ranges.First(r => r.Key == DefaultRange);
        }

        return new SeriesWindow(key, now - span, now, span <= TimeSpan.FromDays(1) ? SeriesResolution.Minute : SeriesResolution.Hour);
    }

    public async Task<IReadOnlyList<SeriesPoint>> ReadAsync(ITelemetryStore store, string deviceId, byte channel, CancellationToken cancellationToken)
    {
        IReadOnlyList<SeriesPoint> rows = await store.ReadSeriesAsync(deviceId, channel, From, To, Resolution, BucketCount, cancellationToken).ConfigureAwait(false);
        return Merge(rows, MaxPoints);
    }

    /// <summary>Merges neighbouring buckets (min of mins, max of maxes, count-weighted mean) until at most <paramref name="maxPoints"/> remain.</summary>
    public static IReadOnlyList<SeriesPoint> Merge(IReadOnlyList<SeriesPoint> points, int maxPoints)
    {
        if (points.Count <= maxPoints)
        {
            return points;
        }

        int group = (points.Count + maxPoints - 1) / maxPoints;
        var merged = new List<SeriesPoint>((points.Count / group) + 1);
        for (int start = 0; start < points.Count; start += group)
        {
            int end = Math.Min(points.Count, start + group);
            double min = double.PositiveInfinity, max = double.NegativeInfinity, sum = 0;
            long count = 0;
            for (int i = start; i < end; i++)
            {
                SeriesPoint p = points[i];
                min = Math.Min(min, p.Min);
                max = Math.Max(max, p.Max);
                sum += p.Mean * p.Count;
                count += p.Count;
            }

            merged.Add(new SeriesPoint(points[start].Time, min, max, count > 0 ? sum / count : double.NaN, count));
        }

        return merged;
    }
}
