namespace IotStack.Firmware.Sensors
{
    /// <summary>
    /// One physical sensor with one or more channels (Protocol <c>Channel</c> numbers). Read fills the
    /// sensor's own value slots, so the sampling loop allocates nothing.
    /// </summary>
    public interface ISensor
    {
        /// <summary>Short name used as the log source, e.g. "bme280".</summary>
        string Name { get; }

        int ChannelCount { get; }

        byte ChannelAt(int index);

        /// <summary>Checks the chip id, resets and configures it. Called at start and again after read errors.</summary>
        SensorStatus Initialize();

        /// <summary>Takes one measurement of every channel; on Ok, <see cref="ValueAt"/> holds fresh values.</summary>
        SensorStatus Read();

        float ValueAt(int index);
    }
}
