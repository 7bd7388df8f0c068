using IotStack.Protocol;

namespace IotStack.Protocol.Tests.Messages;

/// <summary>
/// Frozen bytes of version 1 frames, one per message type, computed independently (Python struct + zlib.crc32) from
/// docs/protocol.md. Boards in the field speak exactly this: a change that breaks one fails here.
/// </summary>
public sealed class GoldenFrameTests
{
    private const string TelemetryHex = "0101200007000000010068E5CF8B0100000201000000000000CC4103E803000000507D4491975C58";
    private const string CommandHex = "01051C002A0000000401000000000000A0C00000F0410000003F000000403C00B864086F";
    private const string LogHex = "01032E00090000007B68E5CF8B0100000406626D65323830180054656D70C3A972617475726520686F7273206C696D6974655260A9BD";
    private const string FindingHex = "01021600F469E5CF8B010000010100002642000020C1000020424CE47835";
    private const string StatusHex = "01043B000068E5CF8B01000001060105312E322E30056573703332100E0000C0D40100201C0000030000000C000000000000000100000002000000050000005A747A9D";
    private const string CommandReplyHex = "010613002A000000030C0077696E646F77203E20363030A6D9D93E";
    private const string OtaOfferHex = "01075500D4C3B2A10D007B2276223A22312E312E30227D4000000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F202122232425262728292A2B2C2D2E2F303132333435363738393A3B3C3D3E3F4DEB17B6";
    private const string OtaChunkRequestHex = "01080C00D4C3B2A1020000200000000447E20B3D";
    private const string OtaChunkHex = "01092400D4C3B2A10200002000009FBEF2A01400030A11181F262D343B424950575E656C737A81887278F204";
    private const string OtaProgressHex = "010A2900D4C3B2A107647017000005312E312E3017006865616C746820636865636B3A206E6F207265706F727411232382";
    private const uint TransferId = 0xA1B2C3D4;

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
    public void Command_ReadFrom_GoldenBytes_DecodesFields()
    {
        var bytes = Convert.FromHexString(CommandHex);
        var command = new Command();

        Assert.Equal(DecodeStatus.Ok, command.ReadFrom(bytes, 0, bytes.Length));
        Assert.Equal((42u, CommandKind.SetThresholds, Channel.Temperature), (command.CommandId, command.Kind, command.Channel));
        Assert.Equal((-5f, 30f, 0.5f, 2f, 60), (command.Min, command.Max, command.MaxRatePerSecond, command.SigmaK, command.Window));
    }

    [Fact]
    public void LogRecord_ReadFrom_GoldenBytes_DecodesFields()
    {
        var bytes = Convert.FromHexString(LogHex);
        var record = new LogRecord();

        Assert.Equal(DecodeStatus.Ok, record.ReadFrom(bytes, 0, bytes.Length));
        Assert.Equal((9u, 1_700_000_000_123L, LogLevel.Error), (record.Sequence, record.TimeMs, record.Level));
        Assert.Equal(("bme280", "Température hors limite"), (record.Source, record.Message));
    }

    [Fact]
    public void Finding_WriteTo_MatchesGoldenBytes()
    {
        var finding = GoldenFinding();

        Assert.Equal(FindingHex, Encode(finding.FrameLength, b => finding.WriteTo(b, 0)));
    }

    [Fact]
    public void Finding_ReadFrom_GoldenBytes_DecodesFields()
    {
        var bytes = Convert.FromHexString(FindingHex);
        var finding = new Finding();

        Assert.Equal(DecodeStatus.Ok, finding.ReadFrom(bytes, 0, bytes.Length));
        Assert.Equal((1_700_000_000_500L, Channel.Temperature, FindingRule.AboveMax), (finding.TimeMs, finding.Channel, finding.Rule));
        Assert.Equal((41.5f, -10f, 40f), (finding.Value, finding.ExpectedLow, finding.ExpectedHigh));
    }

    [Fact]
    public void StatusReport_WriteTo_MatchesGoldenBytes()
    {
        var status = GoldenStatus();

        Assert.Equal(StatusHex, Encode(status.FrameLength, b => status.WriteTo(b, 0)));
    }

    [Fact]
    public void StatusReport_ReadFrom_GoldenBytes_DecodesFields()
    {
        var bytes = Convert.FromHexString(StatusHex);
        var status = new StatusReport();

        Assert.Equal(DecodeStatus.Ok, status.ReadFrom(bytes, 0, bytes.Length));
        var expected = GoldenStatus();
        Assert.Equal((expected.TimeMs, expected.State, expected.ResetReason, expected.ActiveSlot), (status.TimeMs, status.State, status.ResetReason, status.ActiveSlot));
        Assert.Equal((expected.FirmwareVersion, expected.Board), (status.FirmwareVersion, status.Board));
        Assert.Equal(
            new uint[] { 3600, 120_000, 7200, 3, 12, 0, 1, 2, 5 },
            new[] { status.UptimeSeconds, status.FreeMemory, status.SamplesTaken, status.SendFailures, status.QueueDepth, status.QueueDropped, status.LogsDropped, status.SensorErrors, status.CheckEvents });
    }

    [Fact]
    public void CommandReply_WriteTo_MatchesGoldenBytes()
    {
        var reply = new CommandReply { CommandId = 42, Status = CommandStatus.InvalidArgument, Text = "window > 600" };

        Assert.Equal(CommandReplyHex, Encode(reply.FrameLength, b => reply.WriteTo(b, 0)));
    }

    [Fact]
    public void CommandReply_ReadFrom_GoldenBytes_DecodesFields()
    {
        var bytes = Convert.FromHexString(CommandReplyHex);
        var reply = new CommandReply();

        Assert.Equal(DecodeStatus.Ok, reply.ReadFrom(bytes, 0, bytes.Length));
        Assert.Equal((42u, CommandStatus.InvalidArgument, "window > 600"), (reply.CommandId, reply.Status, reply.Text));
    }

    [Fact]
    public void OtaOffer_WriteTo_MatchesGoldenBytes()
    {
        var offer = GoldenOffer();

        Assert.Equal(OtaOfferHex, Encode(offer.FrameLength, b => offer.WriteTo(b, 0)));
    }

    [Fact]
    public void OtaOffer_ReadFrom_GoldenBytes_DecodesFields()
    {
        var bytes = Convert.FromHexString(OtaOfferHex);
        var offer = new OtaOffer();

        Assert.Equal(DecodeStatus.Ok, offer.ReadFrom(bytes, 0, bytes.Length));
        Assert.Equal(TransferId, offer.TransferId);
        Assert.Equal("{\"v\":\"1.1.0\"}"u8.ToArray(), offer.Manifest.AsSpan(0, offer.ManifestLength).ToArray());
        Assert.Equal(Enumerable.Range(0, 64).Select(i => (byte)i), offer.Signature.AsSpan(0, offer.SignatureLength).ToArray());
    }

    [Fact]
    public void OtaChunkRequest_WriteTo_MatchesGoldenBytes()
    {
        var request = new OtaChunkRequest { TransferId = TransferId, FileIndex = 2, Offset = 8192, Length = 1024 };

        Assert.Equal(OtaChunkRequestHex, Encode(request.FrameLength, b => request.WriteTo(b, 0)));
    }

    [Fact]
    public void OtaChunkRequest_ReadFrom_GoldenBytes_DecodesFields()
    {
        var bytes = Convert.FromHexString(OtaChunkRequestHex);
        var request = new OtaChunkRequest();

        Assert.Equal(DecodeStatus.Ok, request.ReadFrom(bytes, 0, bytes.Length));
        Assert.Equal((TransferId, 2, 8192u, 1024), (request.TransferId, request.FileIndex, request.Offset, request.Length));
    }

    [Fact]
    public void OtaChunk_WriteTo_MatchesGoldenBytes()
    {
        var chunk = GoldenChunk();

        Assert.Equal(OtaChunkHex, Encode(chunk.FrameLength, b => chunk.WriteTo(b, 0)));
    }

    [Fact]
    public void OtaChunk_ReadFrom_GoldenBytes_DecodesFieldsAndChecksData()
    {
        var bytes = Convert.FromHexString(OtaChunkHex);
        var chunk = new OtaChunk();

        Assert.Equal(DecodeStatus.Ok, chunk.ReadFrom(bytes, 0, bytes.Length));
        Assert.Equal((TransferId, 2, 8192u), (chunk.TransferId, chunk.FileIndex, chunk.Offset));
        Assert.Equal(GoldenChunkData(), chunk.Data.AsSpan(0, chunk.DataLength).ToArray());
    }

    [Fact]
    public void OtaProgress_WriteTo_MatchesGoldenBytes()
    {
        var progress = new OtaProgress
        {
            TransferId = TransferId, State = OtaState.RolledBack, Percent = 100, BytesReceived = 6000,
            Version = "1.1.0", Reason = "health check: no report",
        };

        Assert.Equal(OtaProgressHex, Encode(progress.FrameLength, b => progress.WriteTo(b, 0)));
    }

    [Fact]
    public void OtaProgress_ReadFrom_GoldenBytes_DecodesFields()
    {
        var bytes = Convert.FromHexString(OtaProgressHex);
        var progress = new OtaProgress();

        Assert.Equal(DecodeStatus.Ok, progress.ReadFrom(bytes, 0, bytes.Length));
        Assert.Equal((TransferId, OtaState.RolledBack, (byte)100, 6000u), (progress.TransferId, progress.State, progress.Percent, progress.BytesReceived));
        Assert.Equal(("1.1.0", "health check: no report"), (progress.Version, progress.Reason));
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

    private static Finding GoldenFinding() => new()
    {
        TimeMs = 1_700_000_000_500, Channel = Channel.Temperature, Rule = FindingRule.AboveMax,
        Value = 41.5f, ExpectedLow = -10f, ExpectedHigh = 40f,
    };

    private static StatusReport GoldenStatus() => new()
    {
        TimeMs = 1_700_000_000_000, State = DeviceState.Online, ResetReason = ResetReason.OtaActivation, ActiveSlot = 1,
        FirmwareVersion = "1.2.0", Board = "esp32", UptimeSeconds = 3600, FreeMemory = 120_000, SamplesTaken = 7200,
        SendFailures = 3, QueueDepth = 12, QueueDropped = 0, LogsDropped = 1, SensorErrors = 2, CheckEvents = 5,
    };

    private static OtaOffer GoldenOffer()
    {
        var offer = new OtaOffer { TransferId = TransferId };
        byte[] manifest = "{\"v\":\"1.1.0\"}"u8.ToArray();
        manifest.CopyTo(offer.Manifest, 0);
        offer.ManifestLength = manifest.Length;
        for (int i = 0; i < 64; i++)
        {
            offer.Signature[i] = (byte)i;
        }

        offer.SignatureLength = 64;
        return offer;
    }

    private static byte[] GoldenChunkData() => Enumerable.Range(0, 20).Select(i => (byte)((i * 7) + 3)).ToArray();

    private static OtaChunk GoldenChunk()
    {
        var chunk = new OtaChunk { TransferId = TransferId, FileIndex = 2, Offset = 8192, DataLength = 20 };
        GoldenChunkData().CopyTo(chunk.Data, 0);
        return chunk;
    }

    private static string Encode(int length, Func<byte[], int> write)
    {
        var buffer = new byte[length];
        Assert.Equal(length, write(buffer));
        return Convert.ToHexString(buffer);
    }
}
