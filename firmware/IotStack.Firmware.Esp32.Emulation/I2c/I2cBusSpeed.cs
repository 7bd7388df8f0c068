namespace System.Device.I2c;

public enum I2cBusSpeed
{
    StandardMode,
    FastMode,
    FastModePlus,
}
