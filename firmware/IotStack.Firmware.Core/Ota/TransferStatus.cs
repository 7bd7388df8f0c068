namespace IotStack.Firmware.Ota
{
    /// <summary>Outcome of an <see cref="ImageTransfer"/> step.</summary>
    internal enum TransferStatus
    {
        /// <summary>Nothing changed: a stale, duplicate, damaged or early chunk (held or dropped).</summary>
        Ignored = 0,
        /// <summary>Bytes were written or requests sent; the transfer goes on.</summary>
        Working = 1,
        /// <summary>Every file of the manifest is in the slot at its signed size.</summary>
        Complete = 2,
        /// <summary>The transfer gave up (flash write, or the gateway went silent); <see cref="ImageTransfer.Reason"/> says why.</summary>
        Failed = 3,
    }
}
