using IotStack.Gateway.Storage;

namespace IotStack.Gateway.Timeline;

/// <summary>The timeline kept in the gateway's store (the timeline table).</summary>
internal sealed class StoreTimeline(ITimelineStore store) : ITimeline
{
    public ValueTask AppendAsync(TimelineEvent entry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return new ValueTask(store.AppendTimelineAsync([entry], cancellationToken));
    }

    public Task<IReadOnlyList<TimelineEvent>> ReadAsync(string deviceId, DateTimeOffset? before, int limit, CancellationToken cancellationToken = default) =>
        store.ReadTimelineAsync(deviceId, before, limit, cancellationToken);
}
