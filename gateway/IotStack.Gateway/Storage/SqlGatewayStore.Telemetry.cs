using System.Data.Common;
using IotStack.Protocol;

namespace IotStack.Gateway.Storage;

internal abstract partial class SqlGatewayStore
{
    private const long MinuteMs = RollupAccumulator.MinuteMs;
    private const long HourMs = RollupAccumulator.HourMs;

    public virtual async Task<int> WriteAsync(WriteSet set, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(set);
        if (set.IsEmpty)
        {
            return 0;
        }

        await using DbConnection connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using DbTransaction transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        int stored = await WriteBatchesAsync(connection, transaction, set, cancellationToken).ConfigureAwait(false);
        await WriteQuarantineAsync(connection, transaction, set.Quarantine, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return stored;
    }

    private async Task<int> WriteBatchesAsync(DbConnection connection, DbTransaction transaction, WriteSet set, CancellationToken cancellationToken)
    {
        if (set.BatchCount == 0)
        {
            return 0;
        }

        // The primary key on (device, seq) is the de-duplication: a batch redelivered after a crash
        // (QoS 1 is at-least-once, MQTT 5 §4.3.2) inserts no row, so its samples are skipped.
        await using DbCommand batchInsert = Command(connection, transaction,
            "INSERT INTO batches (device, seq, received_ms) VALUES (@d, @s, @r) ON CONFLICT (device, seq) DO NOTHING", "@d", "@s", "@r");
        await using DbCommand blockInsert = Command(connection, transaction,
            "INSERT INTO sample_blocks (device, t_first, t_last, data) VALUES (@d, @f, @l, @b)", "@d", "@f", "@l", "@b");
        var rollups = new RollupAccumulator();
        int stored = 0;
        for (int b = 0; b < set.BatchCount; b++)
        {
            BatchRow batch = set.BatchAt(b);
            Set(batchInsert, 0, batch.DeviceId);
            Set(batchInsert, 1, (long)batch.Sequence);
            Set(batchInsert, 2, batch.ReceivedMs);
            bool isNew = await batchInsert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
            set.MarkNew(b, isNew);
            if (!isNew)
            {
                continue;
            }

            stored++;
            byte[] block = new byte[SampleBlock.SizeOf(batch.SampleCount)];
            SampleBlock.Write(set, batch, block, out long firstMs, out long lastMs);
            Set(blockInsert, 0, batch.DeviceId);
            Set(blockInsert, 1, firstMs);
            Set(blockInsert, 2, lastMs);
            Set(blockInsert, 3, block);
            await blockInsert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            for (int i = batch.SampleStart; i < batch.SampleStart + batch.SampleCount; i++)
            {
                rollups.Add(set.SampleAt(i));
            }
        }

        await UpsertRollupsAsync(connection, transaction, "rollup_1m", rollups.Sorted(hours: false), cancellationToken).ConfigureAwait(false);
        await UpsertRollupsAsync(connection, transaction, "rollup_1h", rollups.Sorted(hours: true), cancellationToken).ConfigureAwait(false);
        return stored;
    }

    private async Task UpsertRollupsAsync(DbConnection connection, DbTransaction transaction, string table, List<KeyValuePair<RollupKey, RollupAggregate>> buckets, CancellationToken cancellationToken)
    {
        if (buckets.Count == 0)
        {
            return;
        }

        await using DbCommand upsert = Command(connection, transaction,
            $"INSERT INTO {table} (device, channel, bucket_ms, mn, mx, sm, cnt) VALUES (@d, @c, @b, @mn, @mx, @sm, @n) " +
            $"ON CONFLICT (device, channel, bucket_ms) DO UPDATE SET mn = {_dialect.Least}({table}.mn, excluded.mn), mx = {_dialect.Greatest}({table}.mx, excluded.mx), " +
            $"sm = {table}.sm + excluded.sm, cnt = {table}.cnt + excluded.cnt",
            "@d", "@c", "@b", "@mn", "@mx", "@sm", "@n");

        // Sorted: two gateways on one PostgreSQL then never wait on each other's rows in a cycle.
        foreach ((RollupKey key, RollupAggregate aggregate) in buckets)
        {
            Set(upsert, 0, key.DeviceId);
            Set(upsert, 1, key.Channel);
            Set(upsert, 2, key.BucketMs);
            Set(upsert, 3, aggregate.Min);
            Set(upsert, 4, aggregate.Max);
            Set(upsert, 5, aggregate.Sum);
            Set(upsert, 6, aggregate.Count);
            await upsert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task WriteQuarantineAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<QuarantineEntry> entries, CancellationToken cancellationToken)
    {
        if (entries.Count == 0)
        {
            return;
        }

        await using DbCommand insert = Command(connection, transaction,
            "INSERT INTO quarantine (received_ms, topic, reason, payload, length) VALUES (@r, @t, @s, @p, @l)", "@r", "@t", "@s", "@p", "@l");
        foreach (QuarantineEntry entry in entries)
        {
            Set(insert, 0, ToMs(entry.ReceivedAt));
            Set(insert, 1, entry.Topic);
            Set(insert, 2, (int)entry.Reason);
            Set(insert, 3, entry.Payload);
            Set(insert, 4, entry.Length);
            await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

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
            "SELECT id, received_ms, topic, reason, payload, length FROM quarantine ORDER BY id DESC LIMIT @n", "@n");
        Set(query, 0, limit);
        var entries = new List<QuarantineEntry>();
        await using DbDataReader reader = await query.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            entries.Add(new QuarantineEntry(FromMs(reader.GetInt64(1)), reader.GetString(2), (DecodeStatus)reader.GetInt32(3), (byte[])reader.GetValue(4), reader.GetInt32(5))
            {
                Id = reader.GetInt64(0),
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
