namespace IotStack.Gateway.Timeline;

/// <summary>
/// One entry of a device's incident timeline. <see cref="Kind"/> says which capability wrote it
/// (<see cref="TimelineKinds"/>); <see cref="Detail"/> is free text or JSON for the UI, never parsed back.
/// </summary>
internal sealed record TimelineEvent(
    string DeviceId,
    DateTimeOffset Time,
    string Kind,
    string Source,
    string Summary,
    string? Detail = null)
{
    /// <summary>Store-assigned, increasing; 0 until stored. Orders events of the same millisecond.</summary>
    public long Id { get; init; }
}
