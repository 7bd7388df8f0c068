using System.Diagnostics;
using System.Text;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace IotStack.Gateway.Storage;

/// <summary>
/// The SQLite ingest path: one connection held open by the single writer with its statements prepared once
/// (https://sqlite.org/c3ref/stmt.html: prepare, then bind/step/reset per row). A telemetry batch is two rows
/// (its de-duplication record and its <see cref="SampleBlock"/>), bound straight from the <see cref="WriteSet"/>
/// through SQLitePCL's typed binds: no boxing, no parameter lookup by name, no allocation; device names are
/// encoded to UTF-8 once. Rollups are summed in memory and upserted once per touched bucket per commit.
/// </summary>
internal sealed class SqliteIngestSession : IDisposable
{
    private const int MaxCachedDevices = 100_000;

    private readonly SqliteConnection _connection;
    private readonly sqlite3 _db;
    private readonly sqlite3_stmt _batchInsert;
    private readonly sqlite3_stmt _blockInsert;
    private readonly sqlite3_stmt _minuteUpsert;
    private readonly sqlite3_stmt _hourUpsert;
    private readonly RollupAccumulator _rollups = new();
    private readonly Dictionary<string, byte[]> _utf8 = new(StringComparer.Ordinal);
    private byte[] _block = new byte[SampleBlock.SizeOf(64)];

    private SqliteIngestSession(SqliteConnection connection)
    {
        _connection = connection;
        _db = connection.Handle!;
        _batchInsert = Prepare("INSERT INTO batches (device, seq, received_ms) VALUES (?1, ?2, ?3) ON CONFLICT (device, seq) DO NOTHING");
        _blockInsert = Prepare("INSERT INTO sample_blocks (device, t_first, t_last, data) VALUES (?1, ?2, ?3, ?4)");
        _minuteUpsert = Prepare(RollupUpsert("rollup_1m"));
        _hourUpsert = Prepare(RollupUpsert("rollup_1h"));
    }

    public static SqliteIngestSession Open(string connectionString)
    {
        var connection = new SqliteConnection(connectionString);
        try
        {
            connection.Open();
            using (SqliteCommand pragma = connection.CreateCommand())
            {
                pragma.CommandText = SqliteGatewayStore.SessionPragmas;
                pragma.ExecuteNonQuery();
            }

            return new SqliteIngestSession(connection);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>Writes the set in one transaction (BEGIN IMMEDIATE: the write lock is taken up front, never upgraded mid-way).</summary>
    public int Write(WriteSet set)
    {
        _rollups.Clear();
        using SqliteTransaction transaction = _connection.BeginTransaction(deferred: false);
        int stored = 0;
        for (int b = 0; b < set.BatchCount; b++)
        {
            BatchRow batch = set.BatchAt(b);
            ReadOnlySpan<byte> device = Utf8(batch.DeviceId);
            raw.sqlite3_bind_text(_batchInsert, 1, device);
            raw.sqlite3_bind_int64(_batchInsert, 2, batch.Sequence);
            raw.sqlite3_bind_int64(_batchInsert, 3, batch.ReceivedMs);
            Step(_batchInsert);

            // The primary key on (device, seq) is the de-duplication: a batch redelivered after a crash
            // (QoS 1 is at-least-once, MQTT 5 §4.3.2) inserts no row, so its samples are skipped.
            bool isNew = raw.sqlite3_changes(_db) == 1;
            set.MarkNew(b, isNew);
            if (!isNew)
            {
                continue;
            }

            stored++;
            int size = SampleBlock.SizeOf(batch.SampleCount);
            if (_block.Length < size)
            {
                _block = new byte[size];
            }

            int length = SampleBlock.Write(set, batch, _block, out long firstMs, out long lastMs);
            raw.sqlite3_bind_text(_blockInsert, 1, device);
            raw.sqlite3_bind_int64(_blockInsert, 2, firstMs);
            raw.sqlite3_bind_int64(_blockInsert, 3, lastMs);
            raw.sqlite3_bind_blob(_blockInsert, 4, _block.AsSpan(0, length));
            Step(_blockInsert);
            for (int i = batch.SampleStart; i < batch.SampleStart + batch.SampleCount; i++)
            {
                _rollups.Add(set.SampleAt(i));
            }
        }

        Upsert(_minuteUpsert, _rollups.Sorted(hours: false));
        Upsert(_hourUpsert, _rollups.Sorted(hours: true));
        WriteQuarantine(transaction, set.Quarantine);
        transaction.Commit();
        return stored;
    }

    private void Upsert(sqlite3_stmt upsert, List<KeyValuePair<RollupKey, RollupAggregate>> buckets)
    {
        foreach ((RollupKey key, RollupAggregate aggregate) in buckets)
        {
            raw.sqlite3_bind_text(upsert, 1, Utf8(key.DeviceId));
            raw.sqlite3_bind_int(upsert, 2, key.Channel);
            raw.sqlite3_bind_int64(upsert, 3, key.BucketMs);
            raw.sqlite3_bind_double(upsert, 4, aggregate.Min);
            raw.sqlite3_bind_double(upsert, 5, aggregate.Max);
            raw.sqlite3_bind_double(upsert, 6, aggregate.Sum);
            raw.sqlite3_bind_int64(upsert, 7, aggregate.Count);
            Step(upsert);
        }
    }

    /// <summary>Rare (a payload that did not decode): plain ADO.NET inside the same transaction.</summary>
    private void WriteQuarantine(SqliteTransaction transaction, IReadOnlyList<QuarantineEntry> entries)
    {
        if (entries.Count == 0)
        {
            return;
        }

        using SqliteCommand insert = _connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = "INSERT INTO quarantine (received_ms, topic, reason, payload, length, detail) VALUES (@r, @t, @s, @p, @l, @x)";
        foreach (QuarantineEntry entry in entries)
        {
            insert.Parameters.Clear();
            insert.Parameters.AddWithValue("@r", entry.ReceivedAt.ToUnixTimeMilliseconds());
            insert.Parameters.AddWithValue("@t", DeviceText.Normalize(entry.Topic, DeviceText.MaxLong));
            insert.Parameters.AddWithValue("@s", (int)entry.Reason);
            insert.Parameters.AddWithValue("@p", entry.Payload);
            insert.Parameters.AddWithValue("@l", entry.Length);
            insert.Parameters.AddWithValue("@x", (object?)DeviceText.Normalize(entry.Detail, DeviceText.MaxLong) ?? DBNull.Value);
            insert.ExecuteNonQuery();
        }
    }

    private ReadOnlySpan<byte> Utf8(string deviceId)
    {
        if (_utf8.TryGetValue(deviceId, out byte[]? bytes))
        {
            return bytes;
        }

        bytes = Encoding.UTF8.GetBytes(deviceId);
        if (_utf8.Count >= MaxCachedDevices)
        {
            _utf8.Clear();
        }

        _utf8[deviceId] = bytes;
        return bytes;
    }

    private void Step(sqlite3_stmt statement)
    {
        int rc = raw.sqlite3_step(statement);
        if (rc != raw.SQLITE_DONE)
        {
            ThrowStepFailed(statement, rc);
        }

        raw.sqlite3_reset(statement);
    }

    private void ThrowStepFailed(sqlite3_stmt statement, int rc)
    {
        // The message belongs to the failed step: read it before the reset, which leaves the statement reusable.
        var failure = new SqliteException(raw.sqlite3_errmsg(_db).utf8_to_string(), rc);
        raw.sqlite3_reset(statement);
        throw failure;
    }

    private sqlite3_stmt Prepare(string sql)
    {
        int rc = raw.sqlite3_prepare_v2(_db, sql, out sqlite3_stmt statement);
        SqliteException.ThrowExceptionForRC(rc, _db);
        Debug.Assert(statement is not null, "A prepared statement exists when prepare succeeded.");
        return statement;
    }

    private static string RollupUpsert(string table) =>
        $"INSERT INTO {table} (device, channel, bucket_ms, mn, mx, sm, cnt) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) " +
        $"ON CONFLICT (device, channel, bucket_ms) DO UPDATE SET mn = min({table}.mn, excluded.mn), mx = max({table}.mx, excluded.mx), " +
        $"sm = {table}.sm + excluded.sm, cnt = {table}.cnt + excluded.cnt";

    public void Dispose()
    {
        // Statements first: a connection with unfinalized statements cannot close cleanly.
        _batchInsert.Dispose();
        _blockInsert.Dispose();
        _minuteUpsert.Dispose();
        _hourUpsert.Dispose();
        _connection.Dispose();
    }
}
