namespace System.Device.I2c;

public sealed class I2cConnectionSettings
{
    /// <summary>nanoFramework's two-argument form runs the bus in fast mode.</summary>
    public I2cConnectionSettings(int busId, int deviceAddress)
        : this(busId, deviceAddress, I2cBusSpeed.FastMode)
    {
    }

    public I2cConnectionSettings(int busId, int deviceAddress, I2cBusSpeed busSpeed)
    {
        BusId = busId;
        DeviceAddress = deviceAddress;
        BusSpeed = busSpeed;
    }

    public int BusId { get; }

    public int DeviceAddress { get; }

    public I2cBusSpeed BusSpeed { get; }
}
