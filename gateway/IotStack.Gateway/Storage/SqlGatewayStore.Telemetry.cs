using System.Data.Common;
using IotStack.Protocol;

namespace IotStack.Gateway.Storage;

internal abstract partial class SqlGatewayStore
{
    private const long MinuteMs = 60_000;
    private const long HourMs = 3_600_000;

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
        await using DbCommand sampleInsert = Command(connection, transaction,
            "INSERT INTO samples (device, channel, t_ms, value) VALUES (@d, @c, @t, @v)", "@d", "@c", "@t", "@v");
        await using DbCommand sampleChunkInsert = SampleChunkCommand(connection, transaction, SampleChunk);
        await using DbCommand sampleSmallChunkInsert = SampleChunkCommand(connection, transaction, SmallSampleChunk);
        var minutes = new Dictionary<(string, int, long), Aggregate>();
        var hours = new Dictionary<(string, int, long), Aggregate>();
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
            int end = batch.SampleStart + batch.SampleCount;
            int next = batch.SampleStart;
            // Whole chunks in one multi-row statement: per-statement cost dominates single-row inserts.
            for (; end - next >= SampleChunk; next += SampleChunk)
            {
                for (int k = 0; k < SampleChunk; k++)
                {
                    BindSample(sampleChunkInsert, k * 4, set.SampleAt(next + k));
                }

                await sampleChunkInsert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            for (; end - next >= SmallSampleChunk; next += SmallSampleChunk)
            {
                for (int k = 0; k < SmallSampleChunk; k++)
                {
                    BindSample(sampleSmallChunkInsert, k * 4, set.SampleAt(next + k));
                }

                await sampleSmallChunkInsert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            for (; next < end; next++)
            {
                BindSample(sampleInsert, 0, set.SampleAt(next));
                await sampleInsert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            for (int i = batch.SampleStart; i < end; i++)
            {
                SampleRow sample = set.SampleAt(i);
                if (float.IsFinite(sample.Value))
                {
                    Accumulate(minutes, sample, MinuteMs);
                    Accumulate(hours, sample, HourMs);
                }
            }
        }

        await UpsertRollupsAsync(connection, transaction, "rollup_1m", minutes, cancellationToken).ConfigureAwait(false);
        await UpsertRollupsAsync(connection, transaction, "rollup_1h", hours, cancellationToken).ConfigureAwait(false);
        return stored;
    }

    // The firmware's default batch is 16 samples; the demo's is 4.
    private const int SampleChunk = 16;
    private const int SmallSampleChunk = 4;

    private static DbCommand SampleChunkCommand(DbConnection connection, DbTransaction transaction, int rows)
    {
        var values = new List<string>(rows);
        var names = new List<string>(rows * 4);
        for (int k = 0; k < rows; k++)
        {
            values.Add($"(@d{k}, @c{k}, @t{k}, @v{k})");
            names.AddRange([$"@d{k}", $"@c{k}", $"@t{k}", $"@v{k}"]);
        }

        return Command(connection, transaction, "INSERT INTO samples (device, channel, t_ms, value) VALUES " + string.Join(", ", values), [.. names]);
    }

    private static void BindSample(DbCommand command, int first, SampleRow sample)
    {
        Set(command, first, sample.DeviceId);
        Set(command, first + 1, (int)sample.Channel);
        Set(command, first + 2, sample.TimeMs);
        Set(command, first + 3, (double)sample.Value);
    }

    private static void Accumulate(Dictionary<(string, int, long), Aggregate> buckets, SampleRow sample, long bucketMs)
    {
        long bucket = sample.TimeMs - (((sample.TimeMs % bucketMs) + bucketMs) % bucketMs);
        var key = (sample.DeviceId, (int)sample.Channel, bucket);
        buckets[key] = buckets.TryGetValue(key, out Aggregate a) ? a.Add(sample.Value) : Aggregate.Of(sample.Value);
    }

    private async Task UpsertRollupsAsync(DbConnection connection, DbTransaction transaction, string table, Dictionary<(string, int, long), Aggregate> buckets, CancellationToken cancellationToken)
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

        // Same key order in every writer: two gateways on one PostgreSQL then never wait on each other's rows in a cycle.
        foreach (var (key, aggregate) in buckets.OrderBy(p => p.Key.Item1, StringComparer.Ordinal).ThenBy(p => p.Key.Item2).ThenBy(p => p.Key.Item3))
        {
            Set(upsert, 0, key.Item1);
            Set(upsert, 1, key.Item2);
            Set(upsert, 2, key.Item3);
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
        string sql = resolution switch
        {
            SeriesResolution.Raw => "SELECT t_ms, value, value, value, 1 FROM samples WHERE device = @d AND channel = @c AND t_ms >= @f AND t_ms < @t ORDER BY t_ms LIMIT @n",
            SeriesResolution.Minute => "SELECT bucket_ms, mn, mx, sm, cnt FROM rollup_1m WHERE device = @d AND channel = @c AND bucket_ms >= @f AND bucket_ms < @t ORDER BY bucket_ms LIMIT @n",
            _ => "SELECT bucket_ms, mn, mx, sm, cnt FROM rollup_1h WHERE device = @d AND channel = @c AND bucket_ms >= @f AND bucket_ms < @t ORDER BY bucket_ms LIMIT @n",
        };
        long fromMs = ToMs(from);
        if (resolution != SeriesResolution.Raw)
        {
            // A bucket that starts before `from` still holds samples inside the range.
            long bucket = resolution == SeriesResolution.Minute ? MinuteMs : HourMs;
            fromMs -= ((fromMs % bucket) + bucket) % bucket;
        }

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
            double sum = reader.GetDouble(3);
            double mean = resolution == SeriesResolution.Raw ? sum : sum / count;
            points.Add(new SeriesPoint(FromMs(reader.GetInt64(0)), reader.GetDouble(1), reader.GetDouble(2), mean, count));
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

    private readonly record struct Aggregate(double Min, double Max, double Sum, long Count)
    {
        public static Aggregate Of(double value) => new(value, value, value, 1);

        public Aggregate Add(double value) => new(Math.Min(Min, value), Math.Max(Max, value), Sum + value, Count + 1);
    }
}
