using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace IotStack.Detection.Checkpoints;

/// <summary>
/// Writes one series' state field by field, little-endian, into the caller's buffer: no allocation, no reflection.
/// Each stateful type writes its own fields in its <c>Save</c>, next to them, in the order its <c>Load</c> reads
/// them. A counting writer (<see cref="Counting"/>) has no buffer and only adds up the bytes: that is how a set
/// learns its fixed checkpoint size without a second list of its fields.
/// </summary>
internal ref struct CheckpointWriter
{
    private readonly Span<byte> _buffer;
    private readonly bool _counting;
    private int _position;

    public CheckpointWriter(Span<byte> buffer)
    {
        _buffer = buffer;
    }

    private CheckpointWriter(bool counting)
    {
        _counting = counting;
    }

    /// <summary>Bytes written (or counted) so far.</summary>
    public readonly int Position => _position;

    public static CheckpointWriter Counting() => new(counting: true);

    public void Write(double value)
    {
        Span<byte> at = Take(sizeof(double));
        if (!_counting)
        {
            BinaryPrimitives.WriteDoubleLittleEndian(at, value);
        }
    }

    public void Write(long value)
    {
        Span<byte> at = Take(sizeof(long));
        if (!_counting)
        {
            BinaryPrimitives.WriteInt64LittleEndian(at, value);
        }
    }

    public void Write(int value)
    {
        Span<byte> at = Take(sizeof(int));
        if (!_counting)
        {
            BinaryPrimitives.WriteInt32LittleEndian(at, value);
        }
    }

    public void Write(bool value)
    {
        Span<byte> at = Take(1);
        if (!_counting)
        {
            at[0] = value ? (byte)1 : (byte)0;
        }
    }

    public void Write(ReadOnlySpan<double> values) => WriteLittleEndian(values);

    public void Write(ReadOnlySpan<float> values) => WriteLittleEndian(values);

    public void Write(ReadOnlySpan<int> values) => WriteLittleEndian(values);

    /// <summary>An array of numbers as their bytes, each little-endian (reversed in place on a big-endian machine).</summary>
    private void WriteLittleEndian<T>(ReadOnlySpan<T> values)
        where T : unmanaged
    {
        int size = Unsafe.SizeOf<T>();
        Span<byte> at = Take(values.Length * size);
        if (_counting)
        {
            return;
        }

        MemoryMarshal.AsBytes(values).CopyTo(at);
        if (!BitConverter.IsLittleEndian)
        {
            for (int i = 0; i < values.Length; i++)
            {
                at.Slice(i * size, size).Reverse();
            }
        }
    }

    // The set sizes the buffer from the counted size first, so running past its end is a bug (Slice throws).
    private Span<byte> Take(int bytes)
    {
        int at = _position;
        _position += bytes;
        return _counting ? default : _buffer.Slice(at, bytes);
    }
}
