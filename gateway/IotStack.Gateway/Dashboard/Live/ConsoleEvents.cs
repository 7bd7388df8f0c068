using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using IotStack.Gateway.Alerts;
using IotStack.Gateway.Auth;
using IotStack.Gateway.Storage;
using IotStack.Maintenance.Audit;
using IotStack.Maintenance.Logs;

namespace IotStack.Gateway.Dashboard.Live;

/// <summary>
/// Server-sent event streams for live pages. The page stream sends a fingerprint of what the pages show (device
/// states and firmware, alert statuses, latest command) every <see cref="ConsoleOptions.LiveInterval"/>; console.js
/// re-renders when it changes. The log tail polls the log store for lines newer than the last one sent.
/// </summary>
internal static class ConsoleEvents
{
    public static async IAsyncEnumerable<string> FingerprintsAsync(ConsoleBackends backends, ConsoleOptions options, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            yield return await FingerprintAsync(backends, cancellationToken).ConfigureAwait(false);
            await Task.Delay(options.LiveInterval, backends.Time, cancellationToken).ConfigureAwait(false);
        }
    }

    public static async Task<string> FingerprintAsync(ConsoleBackends backends, CancellationToken cancellationToken)
    {
        var hash = new HashCode();
        if (backends.Devices is { } devices)
        {
            foreach (DeviceRecord device in await devices.ReadDevicesAsync(cancellationToken).ConfigureAwait(false))
            {
                hash.Add(device.DeviceId);
                hash.Add(device.State);
                hash.Add(device.Firmware);
                // Coarse, so a busy fleet refreshes charts every ten seconds, not on every batch.
                hash.Add(device.LastSeen.ToUnixTimeSeconds() / 10);
            }
        }

        if (backends.AlertStore is { } alerts)
        {
            foreach (AlertRecord alert in await alerts.ReadAlertsAsync(new AlertQuery(ActiveOnly: true, Limit: 10_000), cancellationToken).ConfigureAwait(false))
            {
                hash.Add(alert.Id);
                hash.Add(alert.Status);
                hash.Add(alert.Severity);
            }
        }

        if (backends.Audit is { } audit)
        {
            IReadOnlyList<AuditEntry> last = await audit.QueryAsync(new AuditQuery(Limit: 1), cancellationToken).ConfigureAwait(false);
            hash.Add(last.Count > 0 ? last[0].Id : 0);
        }

        if (backends.Ota?.Engine is { } engine)
        {
            foreach (string id in engine.CampaignIds())
            {
                if (engine.Status(id) is not { } campaign)
                {
                    continue;
                }

                hash.Add(id);
                hash.Add(campaign.State);
                hash.Add(campaign.Wave);
                foreach (var device in campaign.Devices)
                {
                    hash.Add(device.State);
                    // Progress in tenths: a transfer refreshes the page a few times, not on every chunk.
                    hash.Add(device.Percent / 10);
                }
            }
        }

        return hash.ToHashCode().ToString("x8", System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// A <c>ready</c> event at once, then new log lines matching <paramref name="query"/>, oldest first, as JSON
    /// objects. The first write sends the response headers: without it the browser would wait in "connecting…" until
    /// a matching line arrives, which on a filtered tail may be never.
    /// </summary>
    public static async IAsyncEnumerable<SseItem<LogLine?>> TailAsync(ILogStore logs, LogQuery query, ConsoleBackends backends, ConsoleOptions options, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        yield return new SseItem<LogLine?>(null, "ready");
        DateTimeOffset since = backends.Time.GetUtcNow();
        var sentAtSince = new HashSet<string>(StringComparer.Ordinal);
        while (!cancellationToken.IsCancellationRequested)
        {
            IReadOnlyList<LogRecord> records = await logs.SearchAsync(query with { From = since, Limit = 500 }, cancellationToken).ConfigureAwait(false);
            // Newest first from the store; lines sharing the boundary millisecond may be returned again, so skip those already sent.
            foreach (LogRecord record in records.Reverse())
            {
                string key = $"{record.At.ToUnixTimeMilliseconds()}|{record.Source}|{record.Component}|{record.Message}";
                if (record.At == since && !sentAtSince.Add(key))
                {
                    continue;
                }

                if (record.At > since)
                {
                    since = record.At;
                    sentAtSince.Clear();
                    sentAtSince.Add(key);
                }

                yield return new SseItem<LogLine?>(new LogLine(ConsoleText.Time(record.At), record.Level.ToString(), record.Source, record.Component, record.Message));
            }

            await Task.Delay(options.LiveInterval, backends.Time, cancellationToken).ConfigureAwait(false);
        }
    }
}
