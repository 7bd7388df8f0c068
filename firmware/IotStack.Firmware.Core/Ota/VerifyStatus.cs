namespace IotStack.Firmware.Ota
{
    /// <summary>Outcome of one <see cref="ImageVerifier.VerifySome"/> slice.</summary>
    internal enum VerifyStatus
    {
        /// <summary>More to hash.</summary>
        Working = 0,
        /// <summary>Every file and the image digest match the signed manifest.</summary>
        Matched = 1,
        /// <summary>A file or the image does not match; <see cref="ImageVerifier.Reason"/> says which.</summary>
        Mismatch = 2,
    }
}
