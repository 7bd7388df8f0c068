using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using IotStack.Protocol;

namespace IotStack.Protocol.Tests.Messages;

/// <summary>Every message type survives encode → decode for generated field values.</summary>
public sealed class RoundTripProperties
{
    [Property(MaxTest = 300)]
    public void TelemetryBatch_RoundTrip_KeepsEverySample(uint sequence, byte flags, long baseTime, NonEmptyArray<byte> channels, int[] offsets, float[] values)
    {
        baseTime = Math.Clamp(baseTime, 0, long.MaxValue - uint.MaxValue);
        var sent = new TelemetryBatch { Sequence = sequence, Flags = flags };
        int count = Math.Min(channels.Get.Length, TelemetryBatch.MaxSamples);
        long previous = baseTime;
        for (int i = 0; i < count; i++)
        {
            long offset = offsets is { Length: > 0 } ? (uint)offsets[i % offsets.Length] % 100_000 : i;
            previous = Math.Max(previous, baseTime + offset);
            float value = values is { Length: > 0 } ? values[i % values.Length] : i;
            Assert.True(sent.Add(channels.Get[i], previous, value));
        }

        var received = RoundTrip(sent.FrameLength, b => sent.WriteTo(b, 0), new TelemetryBatch(), (m, b) => m.ReadFrom(b, 0, b.Length));

        Assert.Equal(sent.Sequence, received.Sequence);
        Assert.Equal(sent.Flags, received.Flags);
        Assert.Equal(count, received.Count);
        for (int i = 0; i < count; i++)
        {
            Assert.Equal(sent.ChannelAt(i), received.ChannelAt(i));
            Assert.Equal(sent.TimeAt(i), received.TimeAt(i));
            Assert.Equal(BitConverter.SingleToInt32Bits(sent.ValueAt(i)), BitConverter.SingleToInt32Bits(received.ValueAt(i)));
        }
    }

    [Property(MaxTest = 300)]
    public void Finding_RoundTrip_KeepsFields(long time, byte channel, byte rule, float value, float low, float high)
    {
        var sent = new Finding
        {
            TimeMs = time, Channel = channel, Rule = (FindingRule)(1 + (rule % 5)),
            Value = value, ExpectedLow = low, ExpectedHigh = high,
        };

        var received = RoundTrip(sent.FrameLength, b => sent.WriteTo(b, 0), new Finding(), (m, b) => m.ReadFrom(b, 0, b.Length));

        Assert.Equal((sent.TimeMs, sent.Channel, sent.Rule), (received.TimeMs, received.Channel, received.Rule));
        AssertSameBits(sent.Value, received.Value);
        AssertSameBits(sent.ExpectedLow, received.ExpectedLow);
        AssertSameBits(sent.ExpectedHigh, received.ExpectedHigh);
    }

    [Property(MaxTest = 300)]
    public void LogRecord_RoundTrip_KeepsTextUpToCaps(uint sequence, long time, byte level, string source, string message)
    {
        var sent = new LogRecord
        {
            Sequence = sequence, TimeMs = time, Level = (LogLevel)(level % 6), Source = source, Message = message,
        };

        var received = RoundTrip(sent.FrameLength, b => sent.WriteTo(b, 0), new LogRecord(), (m, b) => m.ReadFrom(b, 0, b.Length));

        Assert.Equal((sent.Sequence, sent.TimeMs, sent.Level), (received.Sequence, received.TimeMs, received.Level));
        AssertTextKept(source, received.Source, LogRecord.MaxSourceBytes);
        AssertTextKept(message, received.Message, LogRecord.MaxMessageBytes);
    }

    [Property(MaxTest = 300)]
    public void StatusReport_RoundTrip_KeepsFields(long time, byte state, byte reset, byte slot, string firmware, string board, uint[] counters)
    {
        uint C(int i) => counters is { Length: > 0 } ? counters[i % counters.Length] + (uint)i : (uint)i;
        var sent = new StatusReport
        {
            TimeMs = time, State = (DeviceState)(state % 4), ResetReason = (ResetReason)(reset % 8), ActiveSlot = slot,
            FirmwareVersion = firmware, Board = board, UptimeSeconds = C(0), FreeMemory = C(1), SamplesTaken = C(2),
            SendFailures = C(3), QueueDepth = C(4), QueueDropped = C(5), LogsDropped = C(6), SensorErrors = C(7), CheckEvents = C(8),
        };

        var received = RoundTrip(sent.FrameLength, b => sent.WriteTo(b, 0), new StatusReport(), (m, b) => m.ReadFrom(b, 0, b.Length));

        Assert.Equal(
            (sent.TimeMs, sent.State, sent.ResetReason, sent.ActiveSlot, sent.UptimeSeconds, sent.FreeMemory, sent.SamplesTaken),
            (received.TimeMs, received.State, received.ResetReason, received.ActiveSlot, received.UptimeSeconds, received.FreeMemory, received.SamplesTaken));
        Assert.Equal(
            (sent.SendFailures, sent.QueueDepth, sent.QueueDropped, sent.LogsDropped, sent.SensorErrors, sent.CheckEvents),
            (received.SendFailures, received.QueueDepth, received.QueueDropped, received.LogsDropped, received.SensorErrors, received.CheckEvents));
        AssertTextKept(firmware, received.FirmwareVersion, StatusReport.MaxTextBytes);
        AssertTextKept(board, received.Board, StatusReport.MaxTextBytes);
    }

    [Property(MaxTest = 300)]
    public void Command_RoundTrip_KeepsFields(uint id, byte kind, byte channel, int value, float min, float max, float rate, float k, ushort window)
    {
        var sent = new Command
        {
            CommandId = id, Kind = (CommandKind)(1 + (kind % 6)), Channel = channel, IntValue = value,
            Min = min, Max = max, MaxRatePerSecond = rate, SigmaK = k, Window = window,
        };

        var received = RoundTrip(sent.FrameLength, b => sent.WriteTo(b, 0), new Command(), (m, b) => m.ReadFrom(b, 0, b.Length));

        Assert.Equal((sent.CommandId, sent.Kind, sent.Channel, sent.IntValue, sent.Window), (received.CommandId, received.Kind, received.Channel, received.IntValue, received.Window));
        AssertSameBits(sent.Min, received.Min);
        AssertSameBits(sent.Max, received.Max);
        AssertSameBits(sent.MaxRatePerSecond, received.MaxRatePerSecond);
        AssertSameBits(sent.SigmaK, received.SigmaK);
    }

    [Property(MaxTest = 300)]
    public void CommandReply_RoundTrip_KeepsFields(uint id, byte status, string text)
    {
        var sent = new CommandReply { CommandId = id, Status = (CommandStatus)(status % 4), Text = text };

        var received = RoundTrip(sent.FrameLength, b => sent.WriteTo(b, 0), new CommandReply(), (m, b) => m.ReadFrom(b, 0, b.Length));

        Assert.Equal((sent.CommandId, sent.Status), (received.CommandId, received.Status));
        AssertTextKept(text, received.Text, CommandReply.MaxTextBytes);
    }

    [Property(MaxTest = 200)]
    public void OtaOffer_RoundTrip_KeepsManifestAndSignature(uint id, byte[] manifest, byte[] signature)
    {
        manifest = (manifest ?? [])[..Math.Min(manifest?.Length ?? 0, OtaOffer.MaxManifestBytes)];
        signature = (signature ?? [])[..Math.Min(signature?.Length ?? 0, OtaOffer.MaxSignatureBytes)];
        var sent = new OtaOffer { TransferId = id, ManifestLength = manifest.Length, SignatureLength = signature.Length };
        manifest.CopyTo(sent.Manifest, 0);
        signature.CopyTo(sent.Signature, 0);

        var received = RoundTrip(sent.FrameLength, b => sent.WriteTo(b, 0), new OtaOffer(), (m, b) => m.ReadFrom(b, 0, b.Length));

        Assert.Equal(id, received.TransferId);
        Assert.Equal(manifest, received.Manifest[..received.ManifestLength]);
        Assert.Equal(signature, received.Signature[..received.SignatureLength]);
    }

    [Property(MaxTest = 200)]
    public void OtaChunk_RoundTrip_KeepsData(uint id, ushort file, uint offset, byte[] data)
    {
        data = (data ?? [])[..Math.Min(data?.Length ?? 0, OtaChunk.MaxDataBytes)];
        var sent = new OtaChunk { TransferId = id, FileIndex = file, Offset = offset, DataLength = data.Length };
        data.CopyTo(sent.Data, 0);

        var received = RoundTrip(sent.FrameLength, b => sent.WriteTo(b, 0), new OtaChunk(), (m, b) => m.ReadFrom(b, 0, b.Length));

        Assert.Equal((id, (int)file, offset), (received.TransferId, received.FileIndex, received.Offset));
        Assert.Equal(data, received.Data[..received.DataLength]);
    }

    [Property(MaxTest = 300)]
    public void OtaChunkRequest_RoundTrip_KeepsFields(uint id, ushort file, uint offset, ushort length)
    {
        var sent = new OtaChunkRequest { TransferId = id, FileIndex = file, Offset = offset, Length = 1 + (length % OtaChunk.MaxDataBytes) };

        var received = RoundTrip(sent.FrameLength, b => sent.WriteTo(b, 0), new OtaChunkRequest(), (m, b) => m.ReadFrom(b, 0, b.Length));

        Assert.Equal((sent.TransferId, sent.FileIndex, sent.Offset, sent.Length), (received.TransferId, received.FileIndex, received.Offset, received.Length));
    }

    [Property(MaxTest = 300)]
    public void OtaProgress_RoundTrip_KeepsFields(uint id, byte state, byte percent, uint bytes, string version, string reason)
    {
        var sent = new OtaProgress
        {
            TransferId = id, State = (OtaState)(1 + (state % 7)), Percent = (byte)(percent % 101), BytesReceived = bytes,
            Version = version, Reason = reason,
        };

        var received = RoundTrip(sent.FrameLength, b => sent.WriteTo(b, 0), new OtaProgress(), (m, b) => m.ReadFrom(b, 0, b.Length));

        Assert.Equal((sent.TransferId, sent.State, sent.Percent, sent.BytesReceived), (received.TransferId, received.State, received.Percent, received.BytesReceived));
        AssertTextKept(version, received.Version, OtaProgress.MaxVersionBytes);
        AssertTextKept(reason, received.Reason, OtaProgress.MaxReasonBytes);
    }

    private static T RoundTrip<T>(int frameLength, Func<byte[], int> write, T target, Func<T, byte[], DecodeStatus> read)
    {
        var buffer = new byte[frameLength];
        Assert.Equal(frameLength, write(buffer));
        Assert.Equal(DecodeStatus.Ok, read(target, buffer));
        return target;
    }

    private static void AssertSameBits(float expected, float actual) =>
        Assert.Equal(BitConverter.SingleToInt32Bits(expected), BitConverter.SingleToInt32Bits(actual));

    /// <summary>
    /// What survives is the UTF-8 form (lone surrogates become U+FFFD, as with Encoding.UTF8), cut at a
    /// character boundary to the field's cap.
    /// </summary>
    private static void AssertTextKept(string? sent, string received, int maxBytes)
    {
        string expected = Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(sent ?? string.Empty));
        if (Encoding.UTF8.GetByteCount(expected) <= maxBytes)
        {
            Assert.Equal(expected, received);
        }
        else
        {
            Assert.StartsWith(received, expected, StringComparison.Ordinal);
            Assert.InRange(Encoding.UTF8.GetByteCount(received), maxBytes - 3, maxBytes);
        }
    }
}
