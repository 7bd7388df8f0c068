namespace IotStack.Firmware.Hal
{
    /// <summary>Outcome of an I2C transfer, mirroring nanoFramework's I2cTransferStatus without depending on it.</summary>
    public enum I2cResult
    {
        Ok = 0,
        /// <summary>No acknowledge from the addressed chip (absent, unpowered, or busy).</summary>
        AddressNack = 1,
        /// <summary>The transfer stopped part way (clock stretch timeout, bus error, partial read).</summary>
        BusError = 2,
    }
}
