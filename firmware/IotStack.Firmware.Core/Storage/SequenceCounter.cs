using IotStack.Firmware.Hal;
using IotStack.Protocol;

namespace IotStack.Firmware.Storage
{
    /// <summary>
    /// A per-device sequence that keeps rising across reboots without a flash write per number: the
    /// file holds the end of a reserved block, and a restart continues from there. Numbers left
    /// unused in a block before a reboot are skipped, which the gateway (ordering and de-duplicating
    /// by sequence) tolerates; going backwards is what it could not tolerate.
    /// File: <c>[next block start u32][CRC-32 u32]</c>.
    /// </summary>
    internal sealed class SequenceCounter
    {
        public const uint BlockSize = 256;

        private readonly IFlashStore flash;
        private readonly string fileName;
        private readonly byte[] buffer = new byte[8];
        private uint next;
        private uint reservedEnd;

        public SequenceCounter(IFlashStore flash, string fileName)
        {
            this.flash = flash;
            this.fileName = fileName;
        }

        /// <summary>Reads the reserved end; a missing or damaged file starts again at 0.</summary>
        public void Open()
        {
            next = 0;
            if (flash.Read(fileName, 0, buffer, 0, 8) == 8 && Wire.PeekU32(buffer, 4) == Crc32.Compute(buffer, 0, 4))
            {
                next = Wire.PeekU32(buffer, 0);
            }

            reservedEnd = next;
        }

        public uint Next()
        {
            if (next == reservedEnd)
            {
                reservedEnd = next + BlockSize;
                int pos = 0;
                Wire.WriteU32(buffer, ref pos, reservedEnd);
                Wire.WriteU32(buffer, ref pos, Crc32.Compute(buffer, 0, 4));
                flash.Replace(fileName, buffer, 0, 8); // on failure the block is still used; a reboot may repeat numbers
            }

            return next++;
        }
    }
}
