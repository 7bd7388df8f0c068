using IotStack.Gateway.Timeline;

namespace IotStack.Gateway.Storage;

internal interface ITimelineStore
{
    Task AppendTimelineAsync(IReadOnlyList<TimelineEvent> entries, CancellationToken cancellationToken);

    Task<IReadOnlyList<TimelineEvent>> ReadTimelineAsync(string deviceId, DateTimeOffset? before, int limit, CancellationToken cancellationToken);
}
