using IotStack.Gateway.Ingest;
using IotStack.Gateway.Storage;
using IotStack.Maintenance.Logs;
using IotStack.Protocol;
using Microsoft.Extensions.Logging;
using DeviceLogRecord = IotStack.Protocol.LogRecord;
using StoredLogRecord = IotStack.Maintenance.Logs.LogRecord;

namespace IotStack.Gateway.Integration;

/// <summary>
/// Puts board log records into the searchable log store and through the log rules, beside the core's handling
/// (timeline, alerts). A failing log store is logged and counted out; it never stops ingest.
/// </summary>
internal sealed partial class DeviceLogForwarder(IIngestSink inner, LogMonitor logs, ILogger<DeviceLogForwarder> logger) : IIngestSink
{
    public ValueTask OnTelemetryCommittedAsync(WriteSet committed, CancellationToken cancellationToken) =>
        inner.OnTelemetryCommittedAsync(committed, cancellationToken);

    public ValueTask OnStatusAsync(TopicInfo topic, StatusReport status, CancellationToken cancellationToken) =>
        inner.OnStatusAsync(topic, status, cancellationToken);

    public ValueTask OnFindingAsync(TopicInfo topic, Protocol.Finding finding, CancellationToken cancellationToken) =>
        inner.OnFindingAsync(topic, finding, cancellationToken);

    public ValueTask OnCommandReplyAsync(TopicInfo topic, CommandReply reply, CancellationToken cancellationToken) =>
        inner.OnCommandReplyAsync(topic, reply, cancellationToken);

    public async ValueTask OnLogAsync(TopicInfo topic, DeviceLogRecord log, CancellationToken cancellationToken)
    {
        await inner.OnLogAsync(topic, log, cancellationToken).ConfigureAwait(false);
        // Protocol.LogLevel and LogSeverity share their frozen numbers (0 trace … 5 critical).
        var record = StoredLogRecord.FromDevice(topic.DeviceId!, DateTimeOffset.FromUnixTimeMilliseconds(log.TimeMs),
            (LogSeverity)(int)log.Level, log.Source ?? "", log.Message ?? "");
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
