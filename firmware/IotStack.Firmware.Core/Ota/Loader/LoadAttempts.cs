using IotStack.Firmware.Hal;
using IotStack.Protocol;

namespace IotStack.Firmware.Ota.Loader
{
    /// <summary>
    /// The loader's count of boots of a release on probation, kept apart from the boot record's TrialBoots (which the
    /// updater in the application counts): [transfer u32][attempts u8]. A damaged or missing file reads as no attempts.
    /// </summary>
    internal static class LoadAttempts
    {
        public const string FileName = "ota.load";

        private static readonly byte[] Buffer = new byte[5];

        public static int Read(IFlashStore flash, uint transfer)
        {
            if (flash.Read(FileName, 0, Buffer, 0, Buffer.Length) != Buffer.Length || Wire.PeekU32(Buffer, 0) != transfer)
            {
                return 0;
            }

            return Buffer[4];
        }

        public static bool Write(IFlashStore flash, uint transfer, int attempts)
        {
            int pos = 0;
            Wire.WriteU32(Buffer, ref pos, transfer);
            Buffer[4] = (byte)(attempts > 255 ? 255 : attempts);
            return flash.Replace(FileName, Buffer, 0, Buffer.Length);
        }
    }
}
