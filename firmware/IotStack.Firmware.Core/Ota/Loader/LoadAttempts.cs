using IotStack.Firmware.Hal;
using IotStack.Protocol;

namespace IotStack.Firmware.Ota.Loader
{
    /// <summary>
    /// The loader's count of boots of a release on probation, kept apart from the boot record's TrialBoots (which the
    /// updater in the application counts), and why the loader gave up on it, for the previous slot's updater to report:
    /// [transfer u32][attempts u8][problem str16][CRC-32]. A damaged or missing file reads as no attempts and no problem.
    /// </summary>
    internal static class LoadAttempts
    {
        public const string FileName = "ota.load";

        private const int MaxSize = 4 + 1 + 2 + OtaProgress.MaxReasonBytes + 4;

        public static int Read(IFlashStore flash, uint transfer)
        {
            byte[] b = Load(flash, transfer);
            return b == null ? 0 : b[4];
        }

        /// <summary>Why the loader started the previous slot instead of <paramref name="transfer"/>; null when it did not.</summary>
        public static string Problem(IFlashStore flash, uint transfer)
        {
            byte[] b = Load(flash, transfer);
            string problem;
            int pos = 5;
            if (b == null || !RecordCodec.ReadReason(b, ref pos, b.Length - 4, out problem) || problem.Length == 0)
            {
                return null;
            }

            return problem;
        }

        public static bool Write(IFlashStore flash, uint transfer, int attempts, string problem)
        {
            byte[] b = new byte[MaxSize];
            int pos = 0;
            Wire.WriteU32(b, ref pos, transfer);
            b[pos++] = (byte)(attempts > 255 ? 255 : attempts);
            Wire.WriteString(b, ref pos, problem == null ? "" : problem, 2, OtaProgress.MaxReasonBytes);
            pos = RecordCodec.AppendCrc(b, pos);
            return flash.Replace(FileName, b, 0, pos);
        }

        private static byte[] Load(IFlashStore flash, uint transfer)
        {
            int length = flash.Length(FileName);
            if (length < 11 || length > MaxSize)
            {
                return null;
            }

            byte[] b = new byte[length];
            if (flash.Read(FileName, 0, b, 0, length) != length || !RecordCodec.CheckCrc(b, length) || Wire.PeekU32(b, 0) != transfer)
            {
                return null;
            }

            return b;
        }
    }
}
