using System.Data.Common;
using IotStack.Protocol;

namespace IotStack.Gateway.Storage;

internal abstract partial class SqlGatewayStore
{
    private const string DeviceColumns = "device, fleet, first_seen_ms, last_seen_ms, state, firmware, board, uptime_s, sensor_errors, queue_dropped, send_failures, last_seq";

    public async Task UpsertDeviceAsync(DeviceRecord device, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(device);
        await using DbConnection connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using DbCommand upsert = Command(connection, null,
            $"INSERT INTO devices ({DeviceColumns}) VALUES (@d, @f, @fs, @ls, @st, @fw, @b, @u, @se, @qd, @sf, @sq) " +
            "ON CONFLICT (device) DO UPDATE SET fleet = excluded.fleet, last_seen_ms = excluded.last_seen_ms, state = excluded.state, " +
            "firmware = excluded.firmware, board = excluded.board, uptime_s = excluded.uptime_s, sensor_errors = excluded.sensor_errors, " +
            "queue_dropped = excluded.queue_dropped, send_failures = excluded.send_failures, last_seq = excluded.last_seq",
            "@d", "@f", "@fs", "@ls", "@st", "@fw", "@b", "@u", "@se", "@qd", "@sf", "@sq");
        Set(upsert, 0, device.DeviceId);
        Set(upsert, 1, device.Fleet);
        Set(upsert, 2, ToMs(device.FirstSeen));
        Set(upsert, 3, ToMs(device.LastSeen));
        Set(upsert, 4, (int)device.State);
        Set(upsert, 5, DeviceText.Normalize(device.Firmware, DeviceText.MaxShort));
        Set(upsert, 6, DeviceText.Normalize(device.Board, DeviceText.MaxShort));
        Set(upsert, 7, device.UptimeSeconds);
        Set(upsert, 8, device.SensorErrors);
        Set(upsert, 9, device.QueueDropped);
        Set(upsert, 10, device.SendFailures);
        Set(upsert, 11, device.LastSequence);
        await upsert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<DeviceRecord>> ReadDevicesAsync(CancellationToken cancellationToken)
    {
        await using DbConnection connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using DbCommand query = Command(connection, null, $"SELECT {DeviceColumns} FROM devices ORDER BY device");
        return await ReadDeviceRowsAsync(query, cancellationToken).ConfigureAwait(false);
    }

    public async Task<DeviceRecord?> ReadDeviceAsync(string deviceId, CancellationToken cancellationToken)
    {
        await using DbConnection connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using DbCommand query = Command(connection, null, $"SELECT {DeviceColumns} FROM devices WHERE device = @d", "@d");
        Set(query, 0, deviceId);
        IReadOnlyList<DeviceRecord> rows = await ReadDeviceRowsAsync(query, cancellationToken).ConfigureAwait(false);
        return rows.Count == 0 ? null : rows[0];
    }

    private static async Task<IReadOnlyList<DeviceRecord>> ReadDeviceRowsAsync(DbCommand query, CancellationToken cancellationToken)
    {
        var devices = new List<DeviceRecord>();
        await using DbDataReader reader = await query.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            devices.Add(new DeviceRecord(reader.GetString(0), reader.GetString(1))
            {
                FirstSeen = FromMs(reader.GetInt64(2)),
                LastSeen = FromMs(reader.GetInt64(3)),
                State = (DeviceState)reader.GetInt32(4),
                Firmware = reader.IsDBNull(5) ? null : reader.GetString(5),
                Board = reader.IsDBNull(6) ? null : reader.GetString(6),
                UptimeSeconds = reader.GetInt64(7),
                SensorErrors = reader.GetInt64(8),
                QueueDropped = reader.GetInt64(9),
                SendFailures = reader.GetInt64(10),
                LastSequence = reader.GetInt64(11),
            });
        }

        return devices;
    }
}
