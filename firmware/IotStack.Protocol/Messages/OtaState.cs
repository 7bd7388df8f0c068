namespace IotStack.Protocol
{
    /// <summary>Where a board is in an update, as reported in <see cref="OtaProgress"/>. Wire values: append only.</summary>
    public enum OtaState : byte
    {
        Offered = 1,
        Downloading = 2,
        Verifying = 3,
        /// <summary>Verified image activated; the board reboots into it.</summary>
        Installed = 4,
        /// <summary>The new image passed its health check after the reboot.</summary>
        Confirmed = 5,
        /// <summary>Refused or failed before activation; the old image keeps running. Reason says why.</summary>
        Failed = 6,
        /// <summary>The new image failed its health check; the board went back to the previous slot.</summary>
        RolledBack = 7,
    }
}
