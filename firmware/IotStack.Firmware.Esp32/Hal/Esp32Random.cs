using System;
using IotStack.Firmware.Hal;

namespace IotStack.Firmware.Esp32.Hal
{
    /// <summary>
    /// The chip's hardware RNG: nanoFramework's ESP32 runtime implements System.Random with esp_random() and ignores any
    /// seed, and the RNG draws true randomness once Wi-Fi is on (ESP-IDF docs, "Random Number Generation"), which it is
    /// before anything here asks.
    /// </summary>
    internal sealed class Esp32Random : IRandomSource
    {
        private readonly Random _random = new Random();

        public void Fill(byte[] buffer, int offset, int count)
        {
            byte[] drawn = new byte[count];
            _random.NextBytes(drawn);
            Array.Copy(drawn, 0, buffer, offset, count);
        }
    }
}
