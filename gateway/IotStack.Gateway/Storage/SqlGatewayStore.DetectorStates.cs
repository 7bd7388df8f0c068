using System.Data.Common;

namespace IotStack.Gateway.Storage;

internal abstract partial class SqlGatewayStore
{
    private const string DetectorStateColumns = "fleet, device, channel, saved_ms, samples, limits, statistical, stuck_ms, stuck_value, epoch";

    private static string DetectorStateSchema(SqlDialect dialect) =>
        $"CREATE TABLE IF NOT EXISTS detector_state (fleet TEXT NOT NULL, device TEXT NOT NULL, channel INTEGER NOT NULL, saved_ms BIGINT NOT NULL, samples BIGINT NOT NULL, limits {dialect.BlobType}, statistical {dialect.BlobType}, stuck_ms BIGINT, stuck_value DOUBLE PRECISION, epoch BIGINT NOT NULL DEFAULT 0, PRIMARY KEY (fleet, device, channel))";

    public async Task SaveDetectorStatesAsync(IReadOnlyList<DetectorStateRow> rows, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.Count == 0)
        {
            return;
        }

        await using DbConnection connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using DbTransaction transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        if (connection.CanCreateBatch)
        {
            // PostgreSQL: the chunk's upserts in one round trip (one statement per round trip cost the gateway about 10x the CPU).
            await using DbBatch batch = connection.CreateBatch();
            batch.Transaction = transaction;
            foreach (DetectorStateRow row in rows)
            {
                DbBatchCommand upsert = batch.CreateBatchCommand();
                upsert.CommandText = UpsertDetectorState("$1", "$2", "$3", "$4", "$5", "$6", "$7", "$8", "$9", "$10");
                foreach (object? value in DetectorStateValues(row))
                {
                    DbParameter parameter = upsert.CreateParameter();
                    parameter.Value = value ?? DBNull.Value;
                    upsert.Parameters.Add(parameter);
                }

                batch.BatchCommands.Add(upsert);
            }

            await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await using DbCommand upsert = Command(connection, transaction,
                UpsertDetectorState("@f", "@d", "@c", "@t", "@n", "@l", "@s", "@sm", "@sv", "@e"),
                "@f", "@d", "@c", "@t", "@n", "@l", "@s", "@sm", "@sv", "@e");
            foreach (DetectorStateRow row in rows)
            {
                object?[] values = DetectorStateValues(row);
                for (int i = 0; i < values.Length; i++)
                {
                    Set(upsert, i, values[i]);
                }

                await upsert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    private static string UpsertDetectorState(params string[] p) =>
        $"INSERT INTO detector_state ({DetectorStateColumns}) VALUES ({string.Join(", ", p)}) " +
        "ON CONFLICT (fleet, device, channel) DO UPDATE SET saved_ms = excluded.saved_ms, samples = excluded.samples, " +
        "limits = excluded.limits, statistical = excluded.statistical, stuck_ms = excluded.stuck_ms, stuck_value = excluded.stuck_value, epoch = excluded.epoch " +
        // The fence: a lower token is a gateway that lost the device; its row is not written.
        "WHERE detector_state.epoch <= excluded.epoch";

    private static object?[] DetectorStateValues(DetectorStateRow row) =>
        [row.Fleet, row.DeviceId, (int)row.Channel, row.SavedMs, row.Samples, row.Limits, row.Statistical, row.StuckAtMs, row.StuckValue, row.Epoch];

    public async Task<IReadOnlyList<DetectorStateRow>> ReadDetectorStatesAsync(string fleet, string deviceId, CancellationToken cancellationToken) =>
        await ReadDetectorStatesAsync([(fleet, deviceId)], cancellationToken).ConfigureAwait(false);

    public async Task<IReadOnlyList<DetectorStateRow>> ReadDetectorStatesAsync(IReadOnlyList<(string Fleet, string DeviceId)> devices, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(devices);
        var rows = new List<DetectorStateRow>();
        if (devices.Count == 0)
        {
            return rows;
        }

        await using DbConnection connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        for (int from = 0; from < devices.Count; from += IDetectorStateStore.MaxDevicesPerRead)
        {
            int count = Math.Min(IDetectorStateStore.MaxDevicesPerRead, devices.Count - from);

            // One key prefix per device (fleet, device): each term is a primary-key range on both engines.
            var names = new string[2 * count];
            var terms = new string[count];
            for (int i = 0; i < count; i++)
            {
                names[2 * i] = "@f" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
                names[(2 * i) + 1] = "@d" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
                terms[i] = $"(fleet = {names[2 * i]} AND device = {names[(2 * i) + 1]})";
            }

            await using DbCommand query = Command(connection, null,
                $"SELECT {DetectorStateColumns} FROM detector_state WHERE {string.Join(" OR ", terms)} ORDER BY fleet, device, channel", names);
            for (int i = 0; i < count; i++)
            {
                Set(query, 2 * i, devices[from + i].Fleet);
                Set(query, (2 * i) + 1, devices[from + i].DeviceId);
            }

            await using DbDataReader reader = await query.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                rows.Add(new DetectorStateRow(reader.GetString(0), reader.GetString(1), (byte)reader.GetInt32(2))
                {
                    SavedMs = reader.GetInt64(3),
                    Samples = reader.GetInt64(4),
                    Limits = reader.IsDBNull(5) ? null : reader.GetFieldValue<byte[]>(5),
                    Statistical = reader.IsDBNull(6) ? null : reader.GetFieldValue<byte[]>(6),
                    StuckAtMs = reader.IsDBNull(7) ? null : reader.GetInt64(7),
                    StuckValue = reader.IsDBNull(8) ? 0 : reader.GetDouble(8),
                    Epoch = reader.GetInt64(9),
                });
            }
        }

        return rows;
    }
}
