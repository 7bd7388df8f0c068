using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace IotStack.Detection.Checkpoints;

/// <summary>
/// Reads what <see cref="CheckpointWriter"/> wrote, in the same order. Reading past the end or a count or index
/// outside its range throws <see cref="CheckpointException"/>, which the set turns into a refusal: a checkpoint
/// that cannot be this set's state is never half-applied as if it were.
/// </summary>
internal ref struct CheckpointReader
{
    private readonly ReadOnlySpan<byte> _buffer;
    private int _position;

    public CheckpointReader(ReadOnlySpan<byte> buffer)
    {
        _buffer = buffer;
    }

    public readonly int Position => _position;

    public readonly int Remaining => _buffer.Length - _position;

    public double ReadDouble() => BinaryPrimitives.ReadDoubleLittleEndian(Take(sizeof(double)));

    public long ReadInt64() => BinaryPrimitives.ReadInt64LittleEndian(Take(sizeof(long)));

    public int ReadInt32() => BinaryPrimitives.ReadInt32LittleEndian(Take(sizeof(int)));

    public bool ReadBool() => Take(1)[0] switch
    {
        0 => false,
        1 => true,
        byte other => throw new CheckpointException($"a flag reads {other}, not 0 or 1"),
    };

    /// <summary>An int that must lie in [<paramref name="min"/>, <paramref name="max"/>] (an index, a count, a fill level).</summary>
    public int ReadInt32(int min, int max, string what)
    {
        int value = ReadInt32();
        if (value < min || value > max)
        {
            throw new CheckpointException($"{what} is {value}, outside [{min}, {max}]");
        }

        return value;
    }

    public void Read(Span<double> values) => ReadLittleEndian(values);

    public void Read(Span<float> values) => ReadLittleEndian(values);

    public void Read(Span<int> values) => ReadLittleEndian(values);

    /// <summary>The mirror of the writer's: each number's bytes little-endian, reversed in place on a big-endian machine.</summary>
    private void ReadLittleEndian<T>(Span<T> values)
        where T : unmanaged
    {
        int size = Unsafe.SizeOf<T>();
        Span<byte> into = MemoryMarshal.AsBytes(values);
        Take(values.Length * size).CopyTo(into);
        if (!BitConverter.IsLittleEndian)
        {
            for (int i = 0; i < values.Length; i++)
            {
                into.Slice(i * size, size).Reverse();
            }
        }
    }

    private ReadOnlySpan<byte> Take(int bytes)
    {
        if (bytes > _buffer.Length - _position)
        {
            throw new CheckpointException($"the state ends early ({bytes} bytes wanted at {_position} of {_buffer.Length})");
        }

        ReadOnlySpan<byte> taken = _buffer.Slice(_position, bytes);
        _position += bytes;
        return taken;
    }
}
