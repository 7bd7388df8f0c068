using System.Collections.Concurrent;
using IotStack.Gateway.Ingest;
using IotStack.Gateway.Storage;

namespace IotStack.Gateway.Dashboard.Readings;

/// <summary>
/// The newest sample per device and channel, kept in memory from committed telemetry (an ingest sink beside the
/// others): the fleet table shows a thousand devices' current values without a query over raw samples. Empty after a
/// restart until each device's next batch, seconds later.
/// </summary>
internal sealed class LatestReadings : IIngestSink
{
    private readonly ConcurrentDictionary<string, Reading[]> _byDevice = new(StringComparer.Ordinal);

    public ValueTask OnTelemetryCommittedAsync(WriteSet committed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(committed);
        for (int b = 0; b < committed.BatchCount; b++)
        {
            BatchRow batch = committed.BatchAt(b);
            for (int i = batch.SampleStart; i < batch.SampleStart + batch.SampleCount; i++)
            {
                SampleRow sample = committed.SampleAt(i);
                Record(sample.DeviceId, new Reading(sample.Channel, DateTimeOffset.FromUnixTimeMilliseconds(sample.TimeMs), sample.Value));
            }
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>Keeps <paramref name="reading"/> unless its channel already has a newer one (late batches arrive out of order).</summary>
    public void Record(string deviceId, Reading reading)
    {
        // Copy-on-write: readers get a stable array; a device has a handful of channels.
        _byDevice.AddOrUpdate(
            deviceId,
            static (_, r) => [r],
            static (_, current, r) =>
            {
                int index = Array.FindIndex(current, c => c.Channel == r.Channel);
                if (index < 0)
                {
                    Reading[] grown = [.. current, r];
                    Array.Sort(grown, static (x, y) => x.Channel.CompareTo(y.Channel));
                    return grown;
                }

                if (current[index].Time > r.Time)
                {
                    return current;
                }

                Reading[] copy = (Reading[])current.Clone();
                copy[index] = r;
                return copy;
            },
            reading);
    }

    /// <summary>The device's newest reading per channel, by channel number; empty when none arrived since start.</summary>
    public IReadOnlyList<Reading> Of(string deviceId) => _byDevice.TryGetValue(deviceId, out Reading[]? readings) ? readings : [];
}
