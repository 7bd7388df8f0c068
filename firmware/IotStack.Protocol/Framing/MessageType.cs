namespace IotStack.Protocol
{
    /// <summary>Second byte of every frame. Wire values: append, never renumber.</summary>
    public enum MessageType : byte
    {
        Telemetry = 1,
        Finding = 2,
        Log = 3,
        Status = 4,
        Command = 5,
        CommandReply = 6,
        OtaOffer = 7,
        OtaChunkRequest = 8,
        OtaChunk = 9,
        OtaProgress = 10,
        ClaimRequest = 11,
        ClaimReply = 12,
    }
}
