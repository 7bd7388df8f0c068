using IotStack.Firmware.Hal;
using IotStack.Protocol;

namespace IotStack.Firmware.Esp32.Hal
{
    /// <summary>
    /// Why the last reset happened. nanoFramework exposes no reset-reason API, so every deliberate restart
    /// (command, watchdog, OTA) writes its reason to flash first; a boot without a marker was a power-on, brown-out
    /// or crash, reported as PowerOn.
    /// </summary>
    internal static class ResetMarker
    {
        public const string FileName = "reset.why";

        private static readonly byte[] Buffer = new byte[1];

        public static ResetReason Take(IFlashStore flash)
        {
            ResetReason reason = ResetReason.PowerOn;
            if (flash.Read(FileName, 0, Buffer, 0, 1) == 1)
            {
                reason = (ResetReason)Buffer[0];
                flash.Delete(FileName);
            }

            return reason;
        }

        public static void Write(IFlashStore flash, ResetReason reason)
        {
            Buffer[0] = (byte)reason;
            flash.Replace(FileName, Buffer, 0, 1);
        }
    }
}
