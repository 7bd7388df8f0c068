using System.Buffers.Binary;
using System.Numerics;

namespace IotStack.Detection.Checkpoints;

/// <summary>
/// The frame around one set's state: a header (magic "IDCK", format version, reserved, configuration fingerprint,
/// state length), the state, and a CRC-32C of everything before it. Little-endian throughout. Bump
/// <see cref="Version"/> whenever any type's Save writes other fields (CheckpointFormatTests freezes the sizes per
/// version, so a layout change without a bump fails a test).
/// </summary>
internal static class CheckpointFormat
{
    /// <summary>"IDCK" read as a little-endian uint.</summary>
    public const uint Magic = 0x4B434449;

    public const ushort Version = 1;

    public const int MagicAt = 0;
    public const int VersionAt = 4;
    public const int FingerprintAt = 8;
    public const int LengthAt = 16;
    public const int HeaderBytes = 20;

    /// <summary>The CRC-32C after the state.</summary>
    public const int TrailerBytes = 4;

    public const int FrameBytes = HeaderBytes + TrailerBytes;

    /// <summary>
    /// CRC-32C (Castagnoli, reflected polynomial 0x82F63B78, initial and final value inverted; check value of
    /// "123456789" 0xE3069283), eight bytes per step with the CPU's CRC instruction where there is one.
    /// </summary>
    public static uint Crc32C(ReadOnlySpan<byte> data)
    {
        uint crc = uint.MaxValue;
        int i = 0;
        for (; i + sizeof(ulong) <= data.Length; i += sizeof(ulong))
        {
            crc = BitOperations.Crc32C(crc, BinaryPrimitives.ReadUInt64LittleEndian(data[i..]));
        }

        for (; i < data.Length; i++)
        {
            crc = BitOperations.Crc32C(crc, data[i]);
        }

        return ~crc;
    }
}
