using System.Buffers.Binary;
using System.Diagnostics;

namespace IotStack.Gateway.Storage;

/// <summary>
/// The raw samples of one telemetry batch stored as one row (table sample_blocks) instead of one row and one index
/// entry per sample: the write unit matches the arrival unit, which is what lets SQLite ingest keep up: with a row and an index entry per
/// sample, B-tree work was nearly all of the writer's time (IngestWriterBenchmarks: ~65x decoding). The bytes are a storage contract, pinned by golden-byte tests:
/// <code>
/// [0]      format version (1)
/// [1..2]   sample count, uint16 little-endian
/// then per sample, 13 bytes: channel (1), time ms since the Unix epoch (int64 LE), value (IEEE 754 float32 LE)
/// </code>
/// </summary>
internal static class SampleBlock
{
    public const byte Version = 1;
    public const int HeaderSize = 3;
    public const int SampleSize = 13;

    public static int SizeOf(int samples) => HeaderSize + (samples * SampleSize);

    /// <summary>Encodes a batch's samples into <paramref name="destination"/>; returns the bytes written and the time span covered.</summary>
    public static int Write(WriteSet set, BatchRow batch, Span<byte> destination, out long firstMs, out long lastMs)
    {
        Debug.Assert(batch.SampleCount <= ushort.MaxValue, "A telemetry frame holds far fewer samples than a block can count.");
        Debug.Assert(destination.Length >= SizeOf(batch.SampleCount), "The caller sizes the buffer with SizeOf.");
        destination[0] = Version;
        BinaryPrimitives.WriteUInt16LittleEndian(destination[1..], (ushort)batch.SampleCount);
        firstMs = long.MaxValue;
        lastMs = long.MinValue;
        int at = HeaderSize;
        for (int i = batch.SampleStart; i < batch.SampleStart + batch.SampleCount; i++)
        {
            SampleRow sample = set.SampleAt(i);
            destination[at] = sample.Channel;
            BinaryPrimitives.WriteInt64LittleEndian(destination[(at + 1)..], sample.TimeMs);
            BinaryPrimitives.WriteSingleLittleEndian(destination[(at + 9)..], sample.Value);
            firstMs = Math.Min(firstMs, sample.TimeMs);
            lastMs = Math.Max(lastMs, sample.TimeMs);
            at += SampleSize;
        }

        if (batch.SampleCount == 0)
        {
            firstMs = batch.ReceivedMs;
            lastMs = batch.ReceivedMs;
        }

        return at;
    }

    /// <summary>
    /// Appends the samples of <paramref name="channel"/> with fromMs &lt;= time &lt; toMs as raw points. A block in an
    /// unknown format or cut short is a broken invariant of our own table, not device input.
    /// </summary>
    public static void Read(ReadOnlySpan<byte> block, byte channel, long fromMs, long toMs, List<SeriesPoint> points)
    {
        if (block.Length < HeaderSize || block[0] != Version)
        {
            throw new InvalidDataException($"sample block: unknown format {(block.Length > 0 ? block[0] : -1)}");
        }

        int count = BinaryPrimitives.ReadUInt16LittleEndian(block[1..]);
        if (block.Length < SizeOf(count))
        {
            throw new InvalidDataException($"sample block: {count} samples need {SizeOf(count)} bytes, found {block.Length}");
        }

        for (int at = HeaderSize; at < SizeOf(count); at += SampleSize)
        {
            long timeMs = BinaryPrimitives.ReadInt64LittleEndian(block[(at + 1)..]);
            if (block[at] != channel || timeMs < fromMs || timeMs >= toMs)
            {
                continue;
            }

            double value = BinaryPrimitives.ReadSingleLittleEndian(block[(at + 9)..]);
            points.Add(new SeriesPoint(DateTimeOffset.FromUnixTimeMilliseconds(timeMs), value, value, value, 1));
        }
    }
}
