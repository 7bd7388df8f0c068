using IotStack.Gateway.Resilience;
using IotStack.Gateway.Storage;
using IotStack.Protocol;
using Microsoft.Extensions.Logging;
using LogLevel = Microsoft.Extensions.Logging.LogLevel;

namespace IotStack.Gateway.Ingest;

/// <summary>
/// The poison-batch path: a transaction the store refuses for good (a constraint, a value it cannot hold) is split
/// into one transaction per batch, the refused batches are quarantined with the reason, and everything else is
/// stored. The whole flush is then acknowledged, so one bad message never stalls or crash-loops ingest.
/// </summary>
internal sealed partial class IngestWriter
{
    private readonly WriteSet _single = new();

    private async Task<int> CommitSplitAsync(string reason, CancellationToken cancellationToken)
    {
        LogSplitting(_set.BatchCount, reason);
        int stored = 0;
        DateTimeOffset now = _time.GetUtcNow();
        var refused = new List<QuarantineEntry>();
        for (int b = 0; b < _set.BatchCount; b++)
        {
            BatchRow batch = _set.BatchAt(b);
            _single.Clear();
            _single.BeginBatch(batch.DeviceId, batch.Fleet, batch.Sequence, batch.ReceivedMs);
            for (int i = batch.SampleStart; i < batch.SampleStart + batch.SampleCount; i++)
            {
                SampleRow sample = _set.SampleAt(i);
                _single.AddSample(sample.Channel, sample.TimeMs, sample.Value);
            }

            string? why = await CommitSingleAsync(cancellationToken).ConfigureAwait(false);
            if (why is null)
            {
                _set.MarkNew(b, _single.IsNew(0));
                stored += _single.IsNew(0) ? 1 : 0;
            }
            else
            {
                _set.MarkNew(b, false);
                refused.Add(new QuarantineEntry(now, new DeviceTopics(batch.Fleet, batch.DeviceId).Telemetry, DecodeStatus.Ok, [], 0)
                {
                    Detail = $"telemetry batch {batch.Sequence} refused: {why}",
                });
            }
        }

        _single.Clear();
        foreach (QuarantineEntry entry in _set.Quarantine)
        {
            _single.AddQuarantine(entry);
        }

        foreach (QuarantineEntry entry in refused)
        {
            _single.AddQuarantine(entry);
            _set.AddQuarantine(entry);
        }

        if (await CommitSingleAsync(cancellationToken).ConfigureAwait(false) is { } lost)
        {
            // Not even the quarantine rows are accepted: log them; holding the flush would stall every device.
            LogQuarantineRefused(_single.Quarantine.Count, lost);
        }

        return stored;
    }

    private async Task<string?> CommitSingleAsync(CancellationToken cancellationToken)
    {
        if (_single.IsEmpty)
        {
            return null;
        }

        try
        {
            await _retry.RunUntilDoneAsync(ct => new ValueTask<int>(_store.WriteAsync(_single, ct)), cancellationToken).ConfigureAwait(false);
            return null;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return FailureClassifier.Describe(ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Store refused a transaction of {Batches} batches for good ({Reason}); committing them one by one")]
    private partial void LogSplitting(int batches, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Store refused {Count} quarantine rows too ({Reason}); they are only in this log")]
    private partial void LogQuarantineRefused(int count, string reason);
}
