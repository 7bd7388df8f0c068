using IotStack.Maintenance.Storage;
using Npgsql;

namespace IotStack.Gateway.Alerts;

/// <summary>
/// Alerts that should drive remediation, handed from the gateway that raised them to the leader that runs remediation,
/// through the shared database: followers add, the leader takes (each row once, deleted as it is taken).
/// </summary>
internal sealed class PostgresRemediationQueue : IDisposable
{
    private readonly NpgsqlDataSource _db;
    private readonly PostgresSchema _schema;

    public PostgresRemediationQueue(string connectionString)
    {
        _db = NpgsqlDataSource.Create(connectionString);
        _schema = new PostgresSchema(_db, "iotstack.schema.remediation", """
            CREATE TABLE IF NOT EXISTS remediation_queue (
                id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                event text NOT NULL, alert_id bigint NOT NULL, rule text NOT NULL, device text NOT NULL, message text NOT NULL, at_ms bigint NOT NULL);
            """);
    }

    public async Task AddAsync(AlertNotification notification, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notification);
        _schema.Ensure();
        await using var insert = _db.CreateCommand("INSERT INTO remediation_queue (event, alert_id, rule, device, message, at_ms) VALUES ($1, $2, $3, $4, $5, $6)");
        insert.Parameters.AddWithValue(notification.Event);
        insert.Parameters.AddWithValue(notification.Alert.Id);
        insert.Parameters.AddWithValue(notification.Alert.Rule);
        insert.Parameters.AddWithValue(notification.Alert.DeviceId);
        insert.Parameters.AddWithValue(notification.Alert.Message);
        insert.Parameters.AddWithValue(notification.At.ToUnixTimeMilliseconds());
        await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Takes up to <paramref name="max"/> queued notifications, oldest first (a crash after taking loses them: remediation is best effort).</summary>
    public async Task<IReadOnlyList<AlertNotification>> TakeAsync(int max, CancellationToken cancellationToken)
    {
        _schema.Ensure();
        await using var take = _db.CreateCommand("""
            DELETE FROM remediation_queue WHERE id IN (SELECT id FROM remediation_queue ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED)
            RETURNING id, event, alert_id, rule, device, message, at_ms
            """);
        take.Parameters.AddWithValue(max);
        var taken = new List<(long Id, AlertNotification Notification)>();
        await using var reader = await take.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var alert = new AlertRecord { Id = reader.GetInt64(2), Rule = reader.GetString(3), DeviceId = reader.GetString(4), Message = reader.GetString(5) };
            taken.Add((reader.GetInt64(0), new AlertNotification(reader.GetString(1), alert, DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(6)))));
        }

        return taken.OrderBy(t => t.Id).Select(t => t.Notification).ToList();
    }

    public void Dispose() => _db.Dispose();
}
