using IotStack.Protocol;

namespace IotStack.Protocol.Tests.Framing;

public sealed class FrameReaderTests
{
    [Fact]
    public void Open_PayloadShorterThanFixedFields_IsTruncated()
    {
        var frame = Sealed(MessageType.Log, 3);

        Assert.Equal(DecodeStatus.Truncated, FrameReader.Open(frame, 0, frame.Length, MessageType.Log, 4, out _));
        Assert.Equal(DecodeStatus.Ok, FrameReader.Open(frame, 0, frame.Length, MessageType.Log, 3, out _));
    }

    [Fact]
    public void Open_OtherMessageType_IsWrongTypeBeforeLengthCheck()
    {
        var frame = Sealed(MessageType.Log, 0);

        Assert.Equal(DecodeStatus.WrongType, FrameReader.Open(frame, 0, frame.Length, MessageType.Status, 11, out _));
    }

    [Theory]
    [InlineData(5, DecodeStatus.Truncated)]
    [InlineData(6, DecodeStatus.Ok)]
    [InlineData(7, DecodeStatus.TrailingBytes)]
    public void OpenFixed_PayloadSize_MustMatchExactly(int payload, DecodeStatus expected)
    {
        var frame = Sealed(MessageType.Command, payload);

        Assert.Equal(expected, FrameReader.OpenFixed(frame, 0, frame.Length, MessageType.Command, 6, out _));
    }

    [Fact]
    public void ReadFields_InWriteOrder_RoundTripAndFinishOnLastByte()
    {
        var buffer = new byte[Frame.Overhead + 1 + 2 + 4 + 8 + 4 + 1 + 3];
        var writer = FrameWriter.Begin(buffer, 0, buffer.Length);
        writer.WriteU8(0xAB);
        writer.WriteU16(0xBEEF);
        writer.WriteU32(0xDEADBEEF);
        writer.WriteI64(-2);
        writer.WriteF32(1.5f);
        writer.WriteString("hé", 1, 8);
        Assert.Equal(buffer.Length, writer.Seal(MessageType.Log));

        Assert.Equal(DecodeStatus.Ok, FrameReader.Open(buffer, 0, buffer.Length, MessageType.Log, 0, out var reader));
        Assert.Equal((0xAB, 0xBEEF, 0xDEADBEEFu, -2L, 1.5f), (reader.ReadU8(), reader.ReadU16(), reader.ReadU32(), reader.ReadI64(), reader.ReadF32()));
        Assert.Equal(DecodeStatus.TrailingBytes, reader.Finish());
        Assert.Equal(DecodeStatus.Ok, reader.ReadString(1, 8, out string text));
        Assert.Equal("hé", text);
        Assert.Equal(0, reader.Remaining);
        Assert.Equal(DecodeStatus.Ok, reader.Finish());
    }

    [Fact]
    public void ReadString_StringsInARowOneOversize_LaterReadsNothingAndFinishReportsIt()
    {
        var buffer = new byte[Frame.Overhead + 3 + 4];
        var writer = FrameWriter.Begin(buffer, 0, buffer.Length);
        writer.WriteString("ab", 1, 8);
        writer.WriteString("\u0002cd", 1, 8);
        writer.Seal(MessageType.Log);
        FrameReader.Open(buffer, 0, buffer.Length, MessageType.Log, 0, out var reader);

        Assert.Equal("ab", reader.ReadString(1, 8));
        Assert.Null(reader.ReadString(1, 2));
        Assert.Null(reader.ReadString(1, 8));   // reading on after the failure would decode the rest as "cd"
        Assert.Equal(DecodeStatus.Oversize, reader.Finish());
    }

    [Fact]
    public void Expect_ComparesBytesLeft_TruncatedOrTrailing()
    {
        var frame = Sealed(MessageType.Telemetry, 8);
        FrameReader.Open(frame, 0, frame.Length, MessageType.Telemetry, 0, out var reader);
        reader.ReadU32();

        Assert.Equal(DecodeStatus.Truncated, reader.Expect(5));
        Assert.Equal(DecodeStatus.Ok, reader.Expect(4));
        Assert.Equal(DecodeStatus.TrailingBytes, reader.Expect(3));
    }

    [Fact]
    public void Begin_BufferTooSmall_Throws()
    {
        Assert.Throws<ArgumentException>(() => FrameWriter.Begin(new byte[10], 4, 8));
    }

    private static byte[] Sealed(MessageType type, int payload)
    {
        var frame = new byte[Frame.Overhead + payload];
        Frame.Seal(frame, 0, type, payload);
        return frame;
    }
}
