using IotStack.Protocol;

namespace IotStack.Gateway.Storage;

/// <summary>What the gateway knows about a device: identity, last status report and when it was last heard from.</summary>
internal sealed record DeviceRecord(string DeviceId, string Fleet)
{
    public DateTimeOffset FirstSeen { get; init; }

    public DateTimeOffset LastSeen { get; init; }

    public DeviceState State { get; init; } = DeviceState.Online;

    public string? Firmware { get; init; }

    public string? Board { get; init; }

    public long UptimeSeconds { get; init; }

    public long SensorErrors { get; init; }

    public long QueueDropped { get; init; }

    public long SendFailures { get; init; }

    public long LastSequence { get; init; }
}
