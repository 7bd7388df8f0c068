namespace IotStack.Protocol
{
    /// <summary>The last part(s) of a device topic; see <see cref="DeviceTopics"/> for direction, QoS and retain.</summary>
    public enum TopicKind
    {
        Unknown = 0,
        Telemetry = 1,
        Finding = 2,
        Log = 3,
        Status = 4,
        Command = 5,
        CommandReply = 6,
        OtaOffer = 7,
        OtaRequest = 8,
        OtaChunk = 9,
        OtaProgress = 10,

        /// <summary>A new board's claim (provisioning identity only; the device segment is its claim session id).</summary>
        ClaimRequest = 11,

        /// <summary>The gateway's answer to a claim, on the same session id.</summary>
        ClaimReply = 12,
    }
}
