using System.Data.Common;
using IotStack.Gateway.Timeline;

namespace IotStack.Gateway.Storage;

internal abstract partial class SqlGatewayStore
{
    public async Task AppendTimelineAsync(IReadOnlyList<TimelineEvent> entries, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entries);
        if (entries.Count == 0)
        {
            return;
        }

        await using DbConnection connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using DbTransaction transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using DbCommand insert = Command(connection, transaction,
            "INSERT INTO timeline (device, t_ms, kind, source, summary, detail) VALUES (@d, @t, @k, @s, @m, @x)", "@d", "@t", "@k", "@s", "@m", "@x");
        foreach (TimelineEvent entry in entries)
        {
            Set(insert, 0, entry.DeviceId);
            Set(insert, 1, ToMs(entry.Time));
            Set(insert, 2, entry.Kind);
            Set(insert, 3, DeviceText.Normalize(entry.Source, DeviceText.MaxShort));
            Set(insert, 4, DeviceText.Normalize(entry.Summary, DeviceText.MaxLong));
            Set(insert, 5, DeviceText.Normalize(entry.Detail, DeviceText.MaxLong));
            await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<TimelineEvent>> ReadTimelineAsync(string deviceId, DateTimeOffset? before, int limit, CancellationToken cancellationToken)
    {
        await using DbConnection connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using DbCommand select = Command(connection, null,
            "SELECT id, device, t_ms, kind, source, summary, detail FROM timeline WHERE device = @d AND t_ms <= @b ORDER BY t_ms DESC, id DESC LIMIT @n",
            "@d", "@b", "@n");
        Set(select, 0, deviceId);
        Set(select, 1, before is { } b ? ToMs(b) : long.MaxValue);
        Set(select, 2, limit);
        var events = new List<TimelineEvent>();
        await using DbDataReader r = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            events.Add(new TimelineEvent(r.GetString(1), FromMs(r.GetInt64(2)), r.GetString(3), r.GetString(4), r.GetString(5), r.IsDBNull(6) ? null : r.GetString(6))
            {
                Id = r.GetInt64(0),
            });
        }

        return events;
    }
}
