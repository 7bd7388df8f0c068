using System.Data.Common;
using IotStack.Gateway.Alerts;

namespace IotStack.Gateway.Storage;

internal abstract partial class SqlGatewayStore
{
    private const string AlertColumns = "device, channel, rule, source, status, severity, signal_severity, escalation, opened_ms, last_signal_ms, ack_ms, resolved_ms, resolved_by, notified_ms, signal_count, last_value, message, flapping";

    private static readonly string[] AlertParameters =
        ["@d", "@c", "@r", "@src", "@st", "@sev", "@ssev", "@esc", "@o", "@ls", "@a", "@res", "@by", "@n", "@cnt", "@v", "@m", "@f"];

    public async Task<long> SaveAlertAsync(AlertRecord alert, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(alert);
        await using DbConnection connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        if (alert.Id == 0)
        {
            await using DbCommand insert = Command(connection, null,
                $"INSERT INTO alerts ({AlertColumns}) VALUES ({string.Join(", ", AlertParameters)}) RETURNING id", AlertParameters);
            BindAlert(insert, alert);
            object? id = await insert.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
            return Convert.ToInt64(id, System.Globalization.CultureInfo.InvariantCulture);
        }

        string assignments = string.Join(", ", AlertColumns.Split(", ").Zip(AlertParameters, (c, p) => c switch
        {
            // An alert's status only moves forward (open, acknowledged, resolved), and an operator's action stays: with
            // device ownership an operator may act on another gateway than the one whose engine writes the alert next.
            "status" => $"status = CASE WHEN status > {p} THEN status ELSE {p} END",
            "ack_ms" or "resolved_ms" or "resolved_by" => $"{c} = COALESCE({c}, {p})",
            _ => c + " = " + p,
        }));
        await using DbCommand update = Command(connection, null, $"UPDATE alerts SET {assignments} WHERE id = @id", [.. AlertParameters, "@id"]);
        BindAlert(update, alert);
        Set(update, AlertParameters.Length, alert.Id);
        await update.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        return alert.Id;
    }

    public async Task<IReadOnlyList<AlertRecord>> ReadAlertsAsync(AlertQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var conditions = new List<string>(3);
        if (query.DeviceId is not null)
        {
            conditions.Add("device = @d");
        }

        if (query.ActiveOnly)
        {
            conditions.Add($"status <> {(int)AlertStatus.Resolved}");
        }

        if (query.MinSeverity > AlertSeverity.Info)
        {
            // An enum value, not user text: safe to inline like the status above.
            conditions.Add($"severity >= {(int)query.MinSeverity}");
        }

        string where = conditions.Count == 0 ? "" : "WHERE " + string.Join(" AND ", conditions);
        await using DbConnection connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using DbCommand select = Command(connection, null, $"SELECT id, {AlertColumns} FROM alerts {where} ORDER BY id DESC LIMIT @n", "@n", "@d");
        Set(select, 0, query.Limit);
        Set(select, 1, query.DeviceId);
        if (query.DeviceId is null)
        {
            select.Parameters.RemoveAt(1);
        }

        return await ReadAlertRowsAsync(select, cancellationToken).ConfigureAwait(false);
    }

    public async Task<AlertRecord?> ReadAlertAsync(long id, CancellationToken cancellationToken)
    {
        await using DbConnection connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using DbCommand select = Command(connection, null, $"SELECT id, {AlertColumns} FROM alerts WHERE id = @id", "@id");
        Set(select, 0, id);
        IReadOnlyList<AlertRecord> rows = await ReadAlertRowsAsync(select, cancellationToken).ConfigureAwait(false);
        return rows.Count == 0 ? null : rows[0];
    }

    private static void BindAlert(DbCommand command, AlertRecord alert)
    {
        object?[] values =
        [
            alert.DeviceId, alert.Channel, alert.Rule, alert.Source, (int)alert.Status, (int)alert.Severity, (int)alert.SignalSeverity,
            alert.Escalation, ToMs(alert.OpenedAt), ToMs(alert.LastSignalAt), Ms(alert.AcknowledgedAt), Ms(alert.ResolvedAt),
            DeviceText.Normalize(alert.ResolvedBy, DeviceText.MaxShort), Ms(alert.LastNotifiedAt), alert.SignalCount, alert.LastValue,
            DeviceText.Normalize(alert.Message, DeviceText.MaxLong), alert.Flapping ? 1 : 0,
        ];
        for (int i = 0; i < values.Length; i++)
        {
            Set(command, i, values[i]);
        }

        static object? Ms(DateTimeOffset? time) => time is { } t ? ToMs(t) : null;
    }

    private static async Task<IReadOnlyList<AlertRecord>> ReadAlertRowsAsync(DbCommand select, CancellationToken cancellationToken)
    {
        var alerts = new List<AlertRecord>();
        await using DbDataReader r = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            alerts.Add(new AlertRecord
            {
                Id = r.GetInt64(0),
                DeviceId = r.GetString(1),
                Channel = r.GetInt32(2),
                Rule = r.GetString(3),
                Source = r.GetString(4),
                Status = (AlertStatus)r.GetInt32(5),
                Severity = (AlertSeverity)r.GetInt32(6),
                SignalSeverity = (AlertSeverity)r.GetInt32(7),
                Escalation = r.GetInt32(8),
                OpenedAt = FromMs(r.GetInt64(9)),
                LastSignalAt = FromMs(r.GetInt64(10)),
                AcknowledgedAt = FromMs(r, 11),
                ResolvedAt = FromMs(r, 12),
                ResolvedBy = r.IsDBNull(13) ? null : r.GetString(13),
                LastNotifiedAt = FromMs(r, 14),
                SignalCount = r.GetInt64(15),
                LastValue = r.GetDouble(16),
                Message = r.GetString(17),
                Flapping = r.GetInt32(18) != 0,
            });
        }

        return alerts;
    }
}
