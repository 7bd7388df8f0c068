using IotStack.Protocol;

namespace IotStack.Protocol.Tests.Messages;

/// <summary>
/// Frozen bytes of version 1 frames, computed independently (Python struct + zlib.crc32) from
/// docs/protocol.md. Boards in the field speak exactly this: a change that breaks one fails here.
/// </summary>
public sealed class GoldenFrameTests
{
    private const string TelemetryHex = "0101200007000000010068E5CF8B0100000201000000000000CC4103E803000000507D4491975C58";
    private const string CommandHex = "01051C002A0000000401000000000000A0C00000F0410000003F000000403C00B864086F";
    private const string LogHex = "01032E00090000007B68E5CF8B0100000406626D65323830180054656D70C3A972617475726520686F7273206C696D6974655260A9BD";

    [Fact]
    public void TelemetryBatch_WriteTo_MatchesGoldenBytes()
    {
        var batch = new TelemetryBatch { Sequence = 7, Flags = TelemetryBatch.FlagReplayed };
        batch.Add(Channel.Temperature, 1_700_000_000_000, 25.5f);
        batch.Add(Channel.Pressure, 1_700_000_001_000, 1013.25f);

        Assert.Equal(TelemetryHex, Encode(batch.FrameLength, b => batch.WriteTo(b, 0)));
    }

    [Fact]
    public void TelemetryBatch_ReadFrom_GoldenBytes_DecodesFields()
    {
        var bytes = Convert.FromHexString(TelemetryHex);
        var batch = new TelemetryBatch();

        Assert.Equal(DecodeStatus.Ok, batch.ReadFrom(bytes, 0, bytes.Length));
        Assert.Equal(7u, batch.Sequence);
        Assert.Equal(2, batch.Count);
        Assert.Equal(1_700_000_001_000, batch.TimeAt(1));
        Assert.Equal(1013.25f, batch.ValueAt(1));
    }

    [Fact]
    public void Command_WriteTo_MatchesGoldenBytes()
    {
        var command = new Command
        {
            CommandId = 42, Kind = CommandKind.SetThresholds, Channel = Channel.Temperature,
            Min = -5f, Max = 30f, MaxRatePerSecond = 0.5f, SigmaK = 2f, Window = 60,
        };

        Assert.Equal(CommandHex, Encode(command.FrameLength, b => command.WriteTo(b, 0)));
    }

    [Fact]
    public void LogRecord_WriteTo_MatchesGoldenBytesWithUtf8()
    {
        var record = new LogRecord
        {
            Sequence = 9, TimeMs = 1_700_000_000_123, Level = LogLevel.Error,
            Source = "bme280", Message = "Température hors limite",
        };

        Assert.Equal(LogHex, Encode(record.FrameLength, b => record.WriteTo(b, 0)));
    }

    [Fact]
    public void WireEnums_Values_AreFrozen()
    {
        Assert.Equal([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], Enum.GetValues<MessageType>().Select(v => (int)v));
        Assert.Equal([0, 1, 2, 3, 4, 5, 6, 7, 8], Enum.GetValues<DecodeStatus>().Select(v => (int)v));
        Assert.Equal([1, 2, 3, 4, 5], Enum.GetValues<FindingRule>().Select(v => (int)v));
        Assert.Equal([0, 1, 2, 3, 4, 5], Enum.GetValues<LogLevel>().Select(v => (int)v));
        Assert.Equal([1, 2, 3, 4, 5, 6], Enum.GetValues<CommandKind>().Select(v => (int)v));
        Assert.Equal([0, 1, 2, 3], Enum.GetValues<CommandStatus>().Select(v => (int)v));
        Assert.Equal([0, 1, 2, 3], Enum.GetValues<DeviceState>().Select(v => (int)v));
        Assert.Equal([1, 2, 3, 4, 5, 6, 7], Enum.GetValues<OtaState>().Select(v => (int)v));
        Assert.Equal((int)ResetReason.OtaRollback, 7);
        Assert.Equal(1, Frame.Version);
    }

    private static string Encode(int length, Func<byte[], int> write)
    {
        var buffer = new byte[length];
        Assert.Equal(length, write(buffer));
        return Convert.ToHexString(buffer);
    }
}
