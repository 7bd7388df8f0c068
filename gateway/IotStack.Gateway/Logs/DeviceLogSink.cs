using IotStack.Gateway.Ingest;
using IotStack.Gateway.Storage;
using IotStack.Maintenance.Logs;
using Microsoft.Extensions.Logging;
using DeviceLogRecord = IotStack.Protocol.LogRecord;
using StoredLogRecord = IotStack.Maintenance.Logs.LogRecord;

namespace IotStack.Gateway.Logs;

/// <summary>
/// Puts board log records into the searchable log store and through the log rules: an ingest sink beside the device
/// state (which puts them on the timeline and alerts), registered after it. A failing log store is logged and counted
/// out; it never stops ingest.
/// </summary>
internal sealed partial class DeviceLogSink(LogMonitor logs, ILogger<DeviceLogSink> logger) : IIngestSink
{
    public async ValueTask OnLogAsync(TopicInfo topic, DeviceLogRecord log, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(topic);
        ArgumentNullException.ThrowIfNull(log);
        // Protocol.LogLevel and LogSeverity share their frozen numbers (0 trace … 5 critical; pinned by LogLevelMirrorTests).
        var record = StoredLogRecord.FromDevice(topic.DeviceId!, DateTimeOffset.FromUnixTimeMilliseconds(log.TimeMs),
            (LogSeverity)(int)log.Level, DeviceText.Normalize(log.Source ?? "", DeviceText.MaxShort), DeviceText.Normalize(log.Message ?? "", DeviceText.MaxLong));
        try
        {
            await logs.IngestAsync([record], cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogStoreFailed(ex, topic.DeviceId!);
        }
    }

    [LoggerMessage(Level = Microsoft.Extensions.Logging.LogLevel.Error, Message = "Device log from {DeviceId} not stored in the log store")]
    private partial void LogStoreFailed(Exception exception, string deviceId);
}
