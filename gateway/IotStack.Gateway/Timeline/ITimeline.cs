namespace IotStack.Gateway.Timeline;

/// <summary>
/// One ordered incident history per device: telemetry findings, alerts, log events, remote actions,
/// OTA steps and maintenance runs. Other capabilities (OTA, Maintenance) append through this service
/// so an operator reads one view instead of five tables.
/// </summary>
internal interface ITimeline
{
    /// <summary>Appends an event. The time is the event's own (board clock for board events, gateway clock otherwise).</summary>
    ValueTask AppendAsync(TimelineEvent entry, CancellationToken cancellationToken = default);

    /// <summary>Newest first, at most <paramref name="limit"/> events at or before <paramref name="before"/> (null = now).</summary>
    Task<IReadOnlyList<TimelineEvent>> ReadAsync(string deviceId, DateTimeOffset? before, int limit, CancellationToken cancellationToken = default);
}
