namespace IotStack.Firmware.Ota
{
    /// <summary>What moves the updater between <see cref="OtaStep"/>s (see <see cref="OtaTransitions"/>).</summary>
    public enum OtaEvent
    {
        OfferAccepted = 1,
        AllReceived = 2,
        TransferFailed = 3,
        HashesOk = 4,
        HashMismatch = 5,
        Activated = 6,
        Healthy = 7,
        Unhealthy = 8,
        RolledBack = 9,
        /// <summary>The board came back into the same step too often (a crash loop): give up on it.</summary>
        ReentryCap = 10,
    }
}
