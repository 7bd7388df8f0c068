namespace IotStack.Firmware.Hal
{
    /// <summary>
    /// The board's random number generator, for values others must not guess (a claim session's client id). The ESP32's
    /// is the chip's hardware RNG (nanoFramework's System.Random calls esp_random there); the virtual board's is the OS's.
    /// </summary>
    public interface IRandomSource
    {
        void Fill(byte[] buffer, int offset, int count);
    }
}
