namespace IotStack.Gateway.Timeline;

/// <summary>Values of <see cref="TimelineEvent.Kind"/>. Stored in the timeline table: append, never rename.</summary>
internal static class TimelineKinds
{
    public const string Finding = "finding";
    public const string Alert = "alert";
    public const string Log = "log";
    public const string Status = "status";
    public const string Command = "command";
    public const string CommandReply = "command-reply";
    public const string Ota = "ota";
    public const string Maintenance = "maintenance";
}
