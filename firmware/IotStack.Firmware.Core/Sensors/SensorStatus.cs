namespace IotStack.Firmware.Sensors
{
    /// <summary>
    /// Outcome of one sensor read. A failed read is reported as a value and counted; it never becomes
    /// a fake reading.
    /// </summary>
    public enum SensorStatus
    {
        Ok = 0,
        /// <summary>The chip did not acknowledge its address (absent, unpowered, busy converting).</summary>
        Nack = 1,
        /// <summary>The transfer broke off part way.</summary>
        BusError = 2,
        /// <summary>A CRC over the data did not match (SHT31 datasheet §4.12).</summary>
        BadCrc = 3,
        /// <summary>The chip returned its "measurement skipped" pattern (BME280 0x80000 / 0x8000).</summary>
        Skipped = 4,
        /// <summary>The compensated value lies outside what the chip can physically report.</summary>
        OutOfRange = 5,
        /// <summary>The id register holds another chip's id.</summary>
        WrongChip = 6,
        /// <summary>Read before a successful <see cref="ISensor.Initialize"/>.</summary>
        NotInitialized = 7,
    }
}
