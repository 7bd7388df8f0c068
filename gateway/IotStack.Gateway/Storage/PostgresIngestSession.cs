using System.Diagnostics;
using Npgsql;
using NpgsqlTypes;

namespace IotStack.Gateway.Storage;

/// <summary>
/// The PostgreSQL ingest path: one connection held open by the single writer, its statements prepared once
/// (https://www.postgresql.org/docs/current/sql-prepare.html) and each written for a whole flush at a time: the columns
/// go as arrays and unnest() turns them into rows, so a flush costs the same few round trips whether it holds one
/// message or five hundred: (1) the de-duplication insert, which answers which batches are new, (2) their sample blocks
/// and both rollup tables in one <see cref="NpgsqlBatch"/>, (3) the commit. Blocks are encoded back to back into one
/// reused buffer sent as one bytea and cut apart server-side, so no array is allocated per block. Rollups are summed
/// in memory first, as <see cref="SqliteIngestSession"/> does. Binary COPY for the blocks was measured against this
/// (PostgresWriterBenchmarks, 500 messages per flush): the same time within noise, one more round trip and statement
/// outside the batch, so unnest() stayed.
/// </summary>
internal sealed class PostgresIngestSession : IAsyncDisposable
{
    // The (device, seq) primary key is the de-duplication: a batch redelivered after a crash (QoS 1 is at-least-once,
    // MQTT 5 §4.3.2) inserts no row. The statement answers with the set positions whose row went in. Rows are inserted
    // sorted so two gateways meeting on the same keys wait on each other in one order, never in a cycle.
    private const string BatchInsertSql =
        "WITH input AS (SELECT * FROM unnest($1::text[], $2::bigint[], $3::bigint[], $4::integer[]) AS u(device, seq, received_ms, i)), " +
        "stored AS (INSERT INTO batches (device, seq, received_ms) SELECT device, seq, received_ms FROM input ORDER BY device, seq " +
        "ON CONFLICT (device, seq) DO NOTHING RETURNING device, seq) " +
        "SELECT input.i FROM input JOIN stored USING (device, seq)";

    // substring() on bytea counts from 1.
    private const string BlockInsertSql =
        "INSERT INTO sample_blocks (device, t_first, t_last, data) " +
        "SELECT device, t_first, t_last, substring($6 FROM start FOR length) " +
        "FROM unnest($1::text[], $2::bigint[], $3::bigint[], $4::integer[], $5::integer[]) AS u(device, t_first, t_last, start, length)";

    private readonly NpgsqlConnection _connection;
    private readonly NpgsqlCommand _batchInsert;
    private readonly NpgsqlBatch _blocksAndRollups;
    private readonly RollupAccumulator _rollups = new();
    private readonly PostgresRollupColumns _minutes = new("rollup_1m");
    private readonly PostgresRollupColumns _hours = new("rollup_1h");
    private readonly HashSet<(string DeviceId, uint Sequence)> _inSet = new();

    private readonly List<string> _batchDevices = new();
    private readonly List<long> _batchSequences = new();
    private readonly List<long> _batchReceived = new();
    private readonly List<int> _batchPositions = new();

    private readonly List<string> _blockDevices = new();
    private readonly List<long> _blockFirst = new();
    private readonly List<long> _blockLast = new();
    private readonly List<int> _blockStarts = new();
    private readonly List<int> _blockLengths = new();
    private readonly NpgsqlParameter<ReadOnlyMemory<byte>> _blockData = new() { NpgsqlDbType = NpgsqlDbType.Bytea };
    private byte[] _blocks = new byte[64 * 1024];

    private PostgresIngestSession(NpgsqlConnection connection)
    {
        _connection = connection;
        _batchInsert = new NpgsqlCommand(BatchInsertSql, connection);
        PostgresColumns.Add(_batchInsert.Parameters, NpgsqlDbType.Text, _batchDevices);
        PostgresColumns.Add(_batchInsert.Parameters, NpgsqlDbType.Bigint, _batchSequences);
        PostgresColumns.Add(_batchInsert.Parameters, NpgsqlDbType.Bigint, _batchReceived);
        PostgresColumns.Add(_batchInsert.Parameters, NpgsqlDbType.Integer, _batchPositions);

        var blockInsert = new NpgsqlBatchCommand(BlockInsertSql);
        PostgresColumns.Add(blockInsert.Parameters, NpgsqlDbType.Text, _blockDevices);
        PostgresColumns.Add(blockInsert.Parameters, NpgsqlDbType.Bigint, _blockFirst);
        PostgresColumns.Add(blockInsert.Parameters, NpgsqlDbType.Bigint, _blockLast);
        PostgresColumns.Add(blockInsert.Parameters, NpgsqlDbType.Integer, _blockStarts);
        PostgresColumns.Add(blockInsert.Parameters, NpgsqlDbType.Integer, _blockLengths);
        blockInsert.Parameters.Add(_blockData);
        _blocksAndRollups = new NpgsqlBatch(connection)
        {
            BatchCommands = { blockInsert, _minutes.Command, _hours.Command },
        };
    }

    public static async Task<PostgresIngestSession> OpenAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        NpgsqlConnection connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var session = new PostgresIngestSession(connection);
        try
        {
            await session._batchInsert.PrepareAsync(cancellationToken).ConfigureAwait(false);
            await session._blocksAndRollups.PrepareAsync(cancellationToken).ConfigureAwait(false);
            return session;
        }
        catch
        {
            await session.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Writes the set in one transaction; returns the number of new telemetry batches.</summary>
    public async Task<int> WriteAsync(WriteSet set, CancellationToken cancellationToken)
    {
        await using NpgsqlTransaction transaction = await _connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        int stored = 0;
        if (set.BatchCount > 0)
        {
            await MarkNewAsync(set, cancellationToken).ConfigureAwait(false);
            stored = CollectNew(set);
            if (stored > 0)
            {
                _minutes.Fill(_rollups.Sorted(hours: false));
                _hours.Fill(_rollups.Sorted(hours: true));
                await _blocksAndRollups.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        await WriteQuarantineAsync(set.Quarantine, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return stored;
    }

    /// <summary>Inserts the batch records; a batch is new when its row went in. Within the set, the first of a repeated key is the one sent.</summary>
    private async Task MarkNewAsync(WriteSet set, CancellationToken cancellationToken)
    {
        _inSet.Clear();
        _batchDevices.Clear();
        _batchSequences.Clear();
        _batchReceived.Clear();
        _batchPositions.Clear();
        for (int b = 0; b < set.BatchCount; b++)
        {
            BatchRow batch = set.BatchAt(b);
            set.MarkNew(b, false);
            if (_inSet.Add((batch.DeviceId, batch.Sequence)))
            {
                _batchDevices.Add(batch.DeviceId);
                _batchSequences.Add(batch.Sequence);
                _batchReceived.Add(batch.ReceivedMs);
                _batchPositions.Add(b);
            }
        }

        await using NpgsqlDataReader reader = await _batchInsert.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            set.MarkNew(reader.GetInt32(0), true);
        }
    }

    /// <summary>Encodes the new batches' blocks into the columns and sums their samples into the rollups; returns how many.</summary>
    private int CollectNew(WriteSet set)
    {
        _rollups.Clear();
        _blockDevices.Clear();
        _blockFirst.Clear();
        _blockLast.Clear();
        _blockStarts.Clear();
        _blockLengths.Clear();
        int stored = 0;
        int used = 0;
        for (int b = 0; b < set.BatchCount; b++)
        {
            if (!set.IsNew(b))
            {
                continue;
            }

            stored++;
            BatchRow batch = set.BatchAt(b);
            EnsureBlockSpace(used + SampleBlock.SizeOf(batch.SampleCount), used);
            int length = SampleBlock.Write(set, batch, _blocks.AsSpan(used), out long firstMs, out long lastMs);
            _blockDevices.Add(batch.DeviceId);
            _blockFirst.Add(firstMs);
            _blockLast.Add(lastMs);
            _blockStarts.Add(used + 1);
            _blockLengths.Add(length);
            used += length;
            for (int i = batch.SampleStart; i < batch.SampleStart + batch.SampleCount; i++)
            {
                _rollups.Add(set.SampleAt(i));
            }
        }

        _blockData.TypedValue = _blocks.AsMemory(0, used);
        return stored;
    }

    private void EnsureBlockSpace(int needed, int used)
    {
        if (_blocks.Length >= needed)
        {
            return;
        }

        Debug.Assert(used <= _blocks.Length, "The used part fits the buffer it was written into.");
        byte[] larger = new byte[Math.Max(needed, _blocks.Length * 2)];
        _blocks.AsSpan(0, used).CopyTo(larger);
        _blocks = larger;
    }

    /// <summary>Rare (a payload that did not decode): a plain command inside the same transaction.</summary>
    private async Task WriteQuarantineAsync(IReadOnlyList<QuarantineEntry> entries, CancellationToken cancellationToken)
    {
        if (entries.Count == 0)
        {
            return;
        }

        await using var insert = new NpgsqlCommand("INSERT INTO quarantine (received_ms, topic, reason, payload, length, detail) VALUES ($1, $2, $3, $4, $5, $6)", _connection);
        foreach (QuarantineEntry entry in entries)
        {
            insert.Parameters.Clear();
            insert.Parameters.Add(new NpgsqlParameter<long> { TypedValue = entry.ReceivedAt.ToUnixTimeMilliseconds() });
            insert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = DeviceText.Normalize(entry.Topic, DeviceText.MaxLong) });
            insert.Parameters.Add(new NpgsqlParameter<int> { TypedValue = (int)entry.Reason });
            insert.Parameters.Add(new NpgsqlParameter<byte[]> { TypedValue = entry.Payload });
            insert.Parameters.Add(new NpgsqlParameter<int> { TypedValue = entry.Length });
            insert.Parameters.Add(new NpgsqlParameter { Value = (object?)DeviceText.Normalize(entry.Detail, DeviceText.MaxLong) ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
            await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _batchInsert.DisposeAsync().ConfigureAwait(false);
        await _blocksAndRollups.DisposeAsync().ConfigureAwait(false);
        await _connection.DisposeAsync().ConfigureAwait(false);
    }
}
