using System.Collections.Concurrent;
using System.Threading.Channels;
using IotStack.Gateway.Timeline;
using IotStack.Ota.Delivery;
using IotStack.Protocol;

namespace IotStack.Gateway.Ota;

/// <summary>
/// Between the chunk server and the rollout engine: forwards every board report to the engine, and puts each change
/// of a board's update state (not every percent) on that board's timeline. The chunk server calls from its MQTT
/// receive path, so timeline writes are queued and written by <see cref="DrainAsync"/>.
/// </summary>
internal sealed class OtaProgressRelay(IOtaProgressSink next, TimeProvider time) : IOtaProgressSink
{
    private readonly ConcurrentDictionary<string, OtaState> _last = new(StringComparer.Ordinal);
    private readonly Channel<TimelineEvent> _pending = System.Threading.Channels.Channel.CreateBounded<TimelineEvent>(
        new BoundedChannelOptions(10_000) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });

    public void OnProgress(string fleet, string device, OtaProgress progress)
    {
        ArgumentNullException.ThrowIfNull(progress);
        next.OnProgress(fleet, device, progress);
        string key = fleet + "/" + device;
        if (_last.TryGetValue(key, out OtaState previous) && previous == progress.State)
        {
            return;
        }

        _last[key] = progress.State;
        string summary = $"OTA {progress.Version}: {progress.State}" + (string.IsNullOrEmpty(progress.Reason) ? "" : $" ({progress.Reason})");
        _pending.Writer.TryWrite(new TimelineEvent(device, time.GetUtcNow(), TimelineKinds.Ota, "ota", summary, $"transfer {progress.TransferId}, {progress.BytesReceived} bytes"));
    }

    public async Task DrainAsync(ITimeline timeline, CancellationToken cancellationToken)
    {
        while (_pending.Reader.TryRead(out TimelineEvent? entry))
        {
            await timeline.AppendAsync(entry, cancellationToken).ConfigureAwait(false);
        }
    }
}
