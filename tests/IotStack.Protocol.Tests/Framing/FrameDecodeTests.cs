using IotStack.Protocol;

namespace IotStack.Protocol.Tests.Framing;

public sealed class FrameDecodeTests
{
    [Fact]
    public void ReadFrom_TruncatedFrame_ReportsTruncated()
    {
        var frame = ValidTelemetry();
        Assert.Equal(DecodeStatus.Truncated, new TelemetryBatch().ReadFrom(frame, 0, frame.Length - 1));
        Assert.Equal(DecodeStatus.Truncated, new TelemetryBatch().ReadFrom(frame, 0, 3));
    }

    [Fact]
    public void ReadFrom_WrongVersion_ReportsWrongVersion()
    {
        var frame = ValidTelemetry();
        frame[0] = 2;
        Assert.Equal(DecodeStatus.WrongVersion, new TelemetryBatch().ReadFrom(frame, 0, frame.Length));
    }

    [Fact]
    public void ReadFrom_AnnouncedPayloadOverCap_ReportsOversizeWithoutReadingIt()
    {
        var frame = ValidTelemetry();
        frame[2] = 0xFF;
        frame[3] = 0xFF;
        Assert.Equal(DecodeStatus.Oversize, new TelemetryBatch().ReadFrom(frame, 0, frame.Length));
    }

    [Fact]
    public void ReadFrom_FrameLargerThanCap_ReportsOversize()
    {
        var huge = new byte[Frame.MaxFrameSize + 1];
        Assert.Equal(DecodeStatus.Oversize, new LogRecord().ReadFrom(huge, 0, huge.Length));
    }

    [Fact]
    public void ReadFrom_FlippedPayloadBit_ReportsBadChecksum()
    {
        var frame = ValidTelemetry();
        frame[10] ^= 0x04;
        Assert.Equal(DecodeStatus.BadChecksum, new TelemetryBatch().ReadFrom(frame, 0, frame.Length));
    }

    [Fact]
    public void ReadFrom_ExtraBytesAfterTrailer_ReportsTrailingBytes()
    {
        var frame = ValidTelemetry();
        var longer = new byte[frame.Length + 1];
        frame.CopyTo(longer, 0);
        Assert.Equal(DecodeStatus.TrailingBytes, new TelemetryBatch().ReadFrom(longer, 0, longer.Length));
    }

    [Fact]
    public void ReadFrom_OtherMessageType_ReportsWrongType()
    {
        var frame = ValidTelemetry();
        Assert.Equal(DecodeStatus.WrongType, new LogRecord().ReadFrom(frame, 0, frame.Length));
    }

    [Fact]
    public void Open_UnknownTypeByte_ReportsUnknownType()
    {
        var buffer = new byte[Frame.Overhead];
        Frame.Seal(buffer, 0, (MessageType)0x7F, 0);
        Assert.Equal(DecodeStatus.UnknownType, Frame.Open(buffer, 0, buffer.Length, out MessageType _, out _, out _));
    }

    [Fact]
    public void ReadFrom_SealedFrameWithImpossibleEnum_ReportsInvalidField()
    {
        var command = new Command { CommandId = 1, Kind = CommandKind.Ping };
        var buffer = new byte[command.FrameLength];
        command.WriteTo(buffer, 0);
        buffer[Frame.HeaderSize + 4] = 99; // kind
        Frame.Seal(buffer, 0, MessageType.Command, buffer.Length - Frame.Overhead);

        Assert.Equal(DecodeStatus.InvalidField, new Command().ReadFrom(buffer, 0, buffer.Length));
    }

    [Fact]
    public void ReadFrom_InvalidUtf8InString_ReportsInvalidField()
    {
        var record = new LogRecord { Source = "ab", Message = "x" };
        var buffer = new byte[record.FrameLength];
        record.WriteTo(buffer, 0);
        buffer[Frame.HeaderSize + 13 + 1] = 0xC0; // overlong lead byte inside "ab"
        Frame.Seal(buffer, 0, MessageType.Log, buffer.Length - Frame.Overhead);

        Assert.Equal(DecodeStatus.InvalidField, new LogRecord().ReadFrom(buffer, 0, buffer.Length));
    }

    [Fact]
    public void ReadFrom_ChunkDataCrcMismatch_ReportsBadChecksum()
    {
        var chunk = new OtaChunk { TransferId = 1, DataLength = 16 };
        var buffer = new byte[chunk.FrameLength];
        chunk.WriteTo(buffer, 0);
        buffer[buffer.Length - Frame.TrailerSize - 1] ^= 0xFF; // last data byte
        Frame.Seal(buffer, 0, MessageType.OtaChunk, buffer.Length - Frame.Overhead);

        Assert.Equal(DecodeStatus.BadChecksum, new OtaChunk().ReadFrom(buffer, 0, buffer.Length));
    }

    [Fact]
    public void ReadFrom_FailedDecode_LeavesBatchEmpty()
    {
        var batch = new TelemetryBatch();
        var frame = ValidTelemetry();
        Assert.Equal(DecodeStatus.Ok, batch.ReadFrom(frame, 0, frame.Length));
        frame[12] ^= 1;

        Assert.NotEqual(DecodeStatus.Ok, batch.ReadFrom(frame, 0, frame.Length));
        Assert.Equal(0, batch.Count);
    }

    [Fact]
    public void Crc32_KnownVector_MatchesIeee()
    {
        var data = "123456789"u8.ToArray();
        Assert.Equal(0xCBF43926u, Crc32.Compute(data, 0, data.Length));
        Assert.Equal(0xCBF43926u, Crc32.Append(Crc32.Compute(data, 0, 4), data, 4, 5));
    }

    internal static byte[] ValidTelemetry()
    {
        var batch = new TelemetryBatch { Sequence = 3 };
        batch.Add(Channel.Temperature, 1_000, 21.5f);
        batch.Add(Channel.Humidity, 2_000, 40f);
        var frame = new byte[batch.FrameLength];
        batch.WriteTo(frame, 0);
        return frame;
    }
}
