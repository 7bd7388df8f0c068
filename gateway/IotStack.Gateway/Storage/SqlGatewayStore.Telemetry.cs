using System.Data.Common;
using IotStack.Protocol;

namespace IotStack.Gateway.Storage;

internal abstract partial class SqlGatewayStore
{
    private const long MinuteMs = RollupAccumulator.MinuteMs;
    private const long HourMs = RollupAccumulator.HourMs;

    /// <summary>
    /// Each engine writes ingest through its own session (<see cref="SqliteIngestSession"/>, <see cref="PostgresIngestSession"/>):
    /// one open connection, statements prepared once, one transaction per flush. The reads below stay shared.
    /// </summary>
    public abstract Task<int> WriteAsync(WriteSet set, CancellationToken cancellationToken);

    public async Task<IReadOnlyList<SeriesPoint>> ReadSeriesAsync(string deviceId, byte channel, DateTimeOffset from, DateTimeOffset to, SeriesResolution resolution, int limit, CancellationToken cancellationToken)
    {
        if (resolution == SeriesResolution.Raw)
        {
            return await ReadRawAsync(deviceId, channel, ToMs(from), ToMs(to), limit, cancellationToken).ConfigureAwait(false);
        }

        string sql = resolution == SeriesResolution.Minute
            ? "SELECT bucket_ms, mn, mx, sm, cnt FROM rollup_1m WHERE device = @d AND channel = @c AND bucket_ms >= @f AND bucket_ms < @t ORDER BY bucket_ms LIMIT @n"
            : "SELECT bucket_ms, mn, mx, sm, cnt FROM rollup_1h WHERE device = @d AND channel = @c AND bucket_ms >= @f AND bucket_ms < @t ORDER BY bucket_ms LIMIT @n";

        // A bucket that starts before `from` still holds samples inside the range.
        long fromMs = RollupAccumulator.BucketOf(ToMs(from), resolution == SeriesResolution.Minute ? MinuteMs : HourMs);
        await using DbConnection connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using DbCommand query = Command(connection, null, sql, "@d", "@c", "@f", "@t", "@n");
        Set(query, 0, deviceId);
        Set(query, 1, (int)channel);
        Set(query, 2, fromMs);
        Set(query, 3, ToMs(to));
        Set(query, 4, limit);
        var points = new List<SeriesPoint>();
        await using DbDataReader reader = await query.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            long count = Convert.ToInt64(reader.GetValue(4), System.Globalization.CultureInfo.InvariantCulture);
            points.Add(new SeriesPoint(FromMs(reader.GetInt64(0)), reader.GetDouble(1), reader.GetDouble(2), reader.GetDouble(3) / count, count));
        }

        return points;
    }

    /// <summary>Raw points, oldest first: sample blocks in the range plus rows an earlier version wrote one per sample.</summary>
    private async Task<IReadOnlyList<SeriesPoint>> ReadRawAsync(string deviceId, byte channel, long fromMs, long toMs, int limit, CancellationToken cancellationToken)
    {
        var points = new List<SeriesPoint>();
        await using DbConnection connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (DbCommand legacy = Command(connection, null,
            "SELECT t_ms, value FROM samples WHERE device = @d AND channel = @c AND t_ms >= @f AND t_ms < @t ORDER BY t_ms LIMIT @n", "@d", "@c", "@f", "@t", "@n"))
        {
            Set(legacy, 0, deviceId);
            Set(legacy, 1, (int)channel);
            Set(legacy, 2, fromMs);
            Set(legacy, 3, toMs);
            Set(legacy, 4, limit);
            await using DbDataReader reader = await legacy.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                double value = reader.GetDouble(1);
                points.Add(new SeriesPoint(FromMs(reader.GetInt64(0)), value, value, value, 1));
            }
        }

        await using (DbCommand blocks = Command(connection, null,
            "SELECT data FROM sample_blocks WHERE device = @d AND t_first < @t AND t_last >= @f ORDER BY t_first", "@d", "@f", "@t"))
        {
            Set(blocks, 0, deviceId);
            Set(blocks, 1, fromMs);
            Set(blocks, 2, toMs);
            await using DbDataReader reader = await blocks.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                SampleBlock.Read(reader.GetFieldValue<byte[]>(0), channel, fromMs, toMs, points);
            }
        }

        // Blocks overlap in time (devices batch independently, a replayed backlog arrives late): sort, then cut.
        points.Sort(static (a, b) => a.Time.CompareTo(b.Time));
        if (points.Count > limit)
        {
            points.RemoveRange(limit, points.Count - limit);
        }

        return points;
    }

    public async Task<IReadOnlyList<QuarantineEntry>> ReadQuarantineAsync(int limit, CancellationToken cancellationToken)
    {
        await using DbConnection connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using DbCommand query = Command(connection, null,
            "SELECT id, received_ms, topic, reason, payload, length, detail FROM quarantine ORDER BY id DESC LIMIT @n", "@n");
        Set(query, 0, limit);
        var entries = new List<QuarantineEntry>();
        await using DbDataReader reader = await query.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            entries.Add(new QuarantineEntry(FromMs(reader.GetInt64(1)), reader.GetString(2), (DecodeStatus)reader.GetInt32(3), (byte[])reader.GetValue(4), reader.GetInt32(5))
            {
                Id = reader.GetInt64(0),
                Detail = reader.IsDBNull(6) ? null : reader.GetString(6),
            });
        }

        return entries;
    }

    public async Task<IReadOnlyList<uint>> ReadSequencesAsync(string deviceId, CancellationToken cancellationToken)
    {
        await using DbConnection connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using DbCommand query = Command(connection, null, "SELECT seq FROM batches WHERE device = @d ORDER BY seq", "@d");
        Set(query, 0, deviceId);
        var sequences = new List<uint>();
        await using DbDataReader reader = await query.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            sequences.Add((uint)reader.GetInt64(0));
        }

        return sequences;
    }

    public async Task<long> PruneAsync(DateTimeOffset rawBefore, DateTimeOffset minuteBefore, CancellationToken cancellationToken)
    {
        await using DbConnection connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        long deleted = 0;
        foreach (var (sql, before) in new[]
        {
            ("DELETE FROM samples WHERE t_ms < @b", rawBefore),
            ("DELETE FROM sample_blocks WHERE t_last < @b", rawBefore),
            ("DELETE FROM batches WHERE received_ms < @b", rawBefore),
            ("DELETE FROM rollup_1m WHERE bucket_ms < @b", minuteBefore),
        })
        {
            await using DbCommand delete = Command(connection, null, sql, "@b");
            Set(delete, 0, ToMs(before));
            deleted += await delete.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        return deleted;
    }
}
