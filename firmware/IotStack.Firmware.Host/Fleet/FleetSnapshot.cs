namespace IotStack.Firmware.Host.Fleet;

/// <summary>A fleet's counters at one moment (totals since start; Connected and Queued are current levels).</summary>
internal readonly record struct FleetSnapshot(
    TimeSpan Elapsed,
    int Devices,
    int Connected,
    long Samples,
    long TelemetryPublished,
    long FindingsPublished,
    long OtherPublished,
    long Queued,
    long QueueDropped,
    long SensorErrors,
    long SendFailures,
    long ConnectFailures,
    long Reboots,
    long Ticks,
    long LateTicks)
{
    public long Published => TelemetryPublished + FindingsPublished + OtherPublished;

    /// <summary>Everything that went wrong and was counted: sensor errors, failed sends, refused or failed connects, lost frames.</summary>
    public long Errors => SensorErrors + SendFailures + ConnectFailures + QueueDropped;
}
