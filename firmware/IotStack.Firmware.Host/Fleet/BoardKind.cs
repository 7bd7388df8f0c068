namespace IotStack.Firmware.Host.Fleet;

/// <summary>What the fleet's boards run between the firmware core and the simulated world.</summary>
internal enum BoardKind
{
    /// <summary>Host adapters: MQTTnet transport, a folder as flash, simulated chips behind II2cDevice.</summary>
    Virtual,

    /// <summary>The ESP32 project's own adapters and boot code on the emulated nanoFramework APIs (M2Mqtt, I2C, I:\, Wi-Fi).</summary>
    Esp32,
}
