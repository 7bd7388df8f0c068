using IotStack.Gateway.Storage;

namespace IotStack.Gateway.Api;

internal sealed record DeviceDto(
    string DeviceId, string Fleet, string State, bool Online, DateTimeOffset FirstSeen, DateTimeOffset LastSeen, string? Firmware, string? Board,
    long UptimeSeconds, long SensorErrors, long QueueDropped, long SendFailures, long LastSequence)
{
    public static DeviceDto From(DeviceRecord d, bool online) => new(
        d.DeviceId, d.Fleet, d.State.ToString(), online, d.FirstSeen, d.LastSeen, d.Firmware, d.Board,
        d.UptimeSeconds, d.SensorErrors, d.QueueDropped, d.SendFailures, d.LastSequence);
}
