using System;
using System.Threading;
using IotStack.Firmware.Hal;
using IotStack.Protocol;
using nanoFramework.Runtime.Native;

namespace IotStack.Firmware.Esp32.Hal
{
    /// <summary>
    /// The ESP32 itself. nanoFramework keeps the ESP-IDF task watchdog to itself, so the main loop is guarded by a
    /// software watchdog: a timer checks that <see cref="FeedWatchdog"/> was called within the timeout and otherwise
    /// restarts the chip (reason recorded, see <see cref="ResetMarker"/>). Free memory is what the GC reports after a
    /// collection (called once per heartbeat, not per sample).
    /// </summary>
    internal sealed class Esp32Board : IBoard
    {
        private readonly IFlashStore flash;
        private readonly int watchdogMs;
        private readonly ResetReason lastResetReason;
        private readonly object gate = new object();
        private long lastFeedMs; // 64-bit: not written atomically on the 32-bit core, so guarded by gate
        private Timer watchdog;

        public Esp32Board(IFlashStore flash, int watchdogMs)
        {
            this.flash = flash;
            this.watchdogMs = watchdogMs;
            lastResetReason = ResetMarker.Take(flash);
            lastFeedMs = Environment.TickCount64;
        }

        public string BoardType
        {
            get { return "esp32"; }
        }

        public ResetReason LastResetReason
        {
            get { return lastResetReason; }
        }

        public uint FreeMemory
        {
            get { return nanoFramework.Runtime.Native.GC.Run(false); }
        }

        /// <summary>Arms the software watchdog; call once the main loop is about to start.</summary>
        public void StartWatchdog()
        {
            FeedWatchdog();
            int period = watchdogMs / 4;
            watchdog = new Timer(CheckWatchdog, null, period, period);
        }

        public void FeedWatchdog()
        {
            lock (gate)
            {
                lastFeedMs = Environment.TickCount64;
            }
        }

        public void Reboot(ResetReason reason)
        {
            ResetMarker.Write(flash, reason);
            Power.RebootDevice();
        }

        private void CheckWatchdog(object state)
        {
            long fed;
            lock (gate)
            {
                fed = lastFeedMs;
            }

            if (Environment.TickCount64 - fed > watchdogMs)
            {
                Reboot(ResetReason.Watchdog);
            }
        }
    }
}
