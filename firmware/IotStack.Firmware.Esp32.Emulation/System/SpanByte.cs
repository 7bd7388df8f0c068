namespace System;

/// <summary>
/// nanoFramework's SpanByte (mscorlib): a window on a byte array, passed by value. The I2C API takes it, so transfers
/// need no copies.
/// </summary>
public readonly struct SpanByte
{
    private readonly byte[]? array;
    private readonly int start;

    public SpanByte(byte[]? array)
        : this(array, 0, array?.Length ?? 0)
    {
    }

    public SpanByte(byte[]? array, int start, int length)
    {
        if (array is null)
        {
            if (start != 0 || length != 0)
            {
                throw new ArgumentOutOfRangeException(nameof(start));
            }
        }
        else if ((uint)start > (uint)array.Length || (uint)length > (uint)(array.Length - start))
        {
            throw new ArgumentOutOfRangeException(nameof(length));
        }

        this.array = array;
        this.start = start;
        Length = length;
    }

    public static SpanByte Empty => default;

    public int Length { get; }

    public bool IsEmpty => Length == 0;

    public byte this[int index]
    {
        get
        {
            if ((uint)index >= (uint)Length)
            {
                throw new ArgumentOutOfRangeException(nameof(index));
            }

            return array![start + index];
        }

        set
        {
            if ((uint)index >= (uint)Length)
            {
                throw new ArgumentOutOfRangeException(nameof(index));
            }

            array![start + index] = value;
        }
    }

    public static implicit operator SpanByte(byte[] array) => new(array);

    public SpanByte Slice(int offset) => new(array, start + offset, Length - offset);

    public SpanByte Slice(int offset, int length) => new(array, start + offset, length);

    public byte[] ToArray() => Length == 0 ? [] : array.AsSpan(start, Length).ToArray();

    public void CopyTo(SpanByte destination)
    {
        if (destination.Length < Length)
        {
            throw new ArgumentException("destination too short", nameof(destination));
        }

        if (Length > 0)
        {
            Array.Copy(array!, start, destination.array!, destination.start, Length);
        }
    }

    internal Span<byte> AsSpan() => Length == 0 ? Span<byte>.Empty : array.AsSpan(start, Length);
}
