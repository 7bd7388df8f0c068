namespace nanoFramework.Hardware.Esp32;

/// <summary>
/// Pin functions of the ESP32 GPIO matrix, numbered as nanoFramework numbers them (device type in bits 16..23, device
/// index × 0x100, signal). Only the ones the emulation routes are listed.
/// </summary>
public enum DeviceFunction
{
    I2C1_DATA = 0x020100,
    I2C1_CLOCK = 0x020101,
    I2C2_DATA = 0x020200,
    I2C2_CLOCK = 0x020201,
}
