namespace IotStack.Protocol
{
    /// <summary>Why the board last started. Wire values: append only.</summary>
    public enum ResetReason : byte
    {
        Unknown = 0,
        PowerOn = 1,
        Software = 2,
        Watchdog = 3,
        Brownout = 4,
        Panic = 5,
        OtaActivation = 6,
        OtaRollback = 7,
    }
}
