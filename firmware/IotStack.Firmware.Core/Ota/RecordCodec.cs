using IotStack.Protocol;

namespace IotStack.Firmware.Ota
{
    /// <summary>Helpers shared by the two persisted OTA records: a CRC-32 trailer and checked string/blob reads.</summary>
    internal static class RecordCodec
    {
        public static int AppendCrc(byte[] b, int length)
        {
            int pos = length;
            Wire.WriteU32(b, ref pos, Crc32.Compute(b, 0, length));
            return pos;
        }

        public static bool CheckCrc(byte[] b, int length)
        {
            return length >= 4 && Crc32.Compute(b, 0, length - 4) == Wire.PeekU32(b, length - 4);
        }

        /// <summary>str8 of at most 32 bytes (versions).</summary>
        public static bool ReadString(byte[] b, ref int pos, int end, out string value)
        {
            return Wire.ReadString(b, ref pos, end, 1, ReleaseManifest.MaxStringBytes, out value) == DecodeStatus.Ok;
        }

        /// <summary>str16 of at most <see cref="OtaProgress.MaxReasonBytes"/> bytes (failure reasons).</summary>
        public static bool ReadReason(byte[] b, ref int pos, int end, out string value)
        {
            return Wire.ReadString(b, ref pos, end, 2, OtaProgress.MaxReasonBytes, out value) == DecodeStatus.Ok;
        }

        public static bool ReadBlob(byte[] b, ref int pos, int end, out byte[] value)
        {
            value = null;
            if (end - pos < 2)
            {
                return false;
            }

            int length = Wire.ReadU16(b, ref pos);
            if (end - pos < length)
            {
                return false;
            }

            value = new byte[length];
            System.Array.Copy(b, pos, value, 0, length);
            pos += length;
            return true;
        }
    }
}
