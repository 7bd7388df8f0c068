namespace IotStack.Firmware.Hal
{
    /// <summary>What the core needs from the chip itself. The core never names a board type.</summary>
    public interface IBoard
    {
        /// <summary>e.g. "esp32" or "virtual"; OTA images for another board are refused.</summary>
        string BoardType { get; }

        IotStack.Protocol.ResetReason LastResetReason { get; }

        uint FreeMemory { get; }

        /// <summary>Tells the hardware watchdog the main loop is alive.</summary>
        void FeedWatchdog();

        /// <summary>Restarts the board; does not return on hardware (the virtual board restarts its core).</summary>
        void Reboot(IotStack.Protocol.ResetReason reason);
    }
}
