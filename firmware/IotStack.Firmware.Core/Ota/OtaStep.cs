namespace IotStack.Firmware.Ota
{
    /// <summary>Where the board's updater is. Persisted in the update record: values are frozen (append only).</summary>
    public enum OtaStep : byte
    {
        Idle = 0,
        /// <summary>Writing the offered files into the inactive slot (resumable from each file's length).</summary>
        Downloading = 1,
        /// <summary>Hashing every received file against the signed manifest.</summary>
        Verifying = 2,
        /// <summary>Switching the boot record to the new slot, then rebooting.</summary>
        Activating = 3,
        /// <summary>Running the new slot on probation until it connects and reports, or the deadline passes.</summary>
        Trial = 4,
        /// <summary>Switching the boot record back to the previous slot, then rebooting.</summary>
        RollingBack = 5,
    }
}
