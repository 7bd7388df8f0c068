using IotStack.Protocol;

namespace IotStack.Protocol.Tests.Framing;

/// <summary>
/// Hostile bytes: random frames and mutations of valid ones go through every decoder. Nothing may
/// throw, and every frame that is not byte-for-byte a valid encoding must be reported.
/// </summary>
public sealed class FuzzTests
{
    private const int Iterations = 100_000;

    private readonly TelemetryBatch telemetry = new();
    private readonly Finding finding = new();
    private readonly LogRecord log = new();
    private readonly StatusReport status = new();
    private readonly Command command = new();
    private readonly CommandReply reply = new();
    private readonly OtaOffer offer = new();
    private readonly OtaChunkRequest request = new();
    private readonly OtaChunk chunk = new();
    private readonly OtaProgress progress = new();

    [Fact]
    public void Decoders_RandomAndMutatedFrames_NeverThrowAndReportEveryBadFrame()
    {
        var random = new Random(20261125);
        var seeds = ValidFrames();
        int reported = 0;

        for (int i = 0; i < Iterations; i++)
        {
            byte[] original = seeds[random.Next(seeds.Length)];
            (byte[] frame, bool resealed) = Mutate(original, random);
            bool identical = frame.AsSpan().SequenceEqual(original);

            var statuses = DecodeWithEveryDecoder(frame);
            int ok = statuses.Count(s => s == DecodeStatus.Ok);

            // A frame decodes as at most one message type.
            Assert.InRange(ok, 0, 1);
            if (identical)
            {
                Assert.Equal(1, ok);
            }
            else if (!resealed)
            {
                // Damaged without a matching CRC: the envelope must catch it (2^-32 odds of a collision, seeded run).
                Assert.Equal(0, ok);
                reported++;
            }
        }

        Assert.True(reported > Iterations / 3, $"only {reported} damaged frames exercised");
    }

    private DecodeStatus[] DecodeWithEveryDecoder(byte[] frame) =>
    [
        telemetry.ReadFrom(frame, 0, frame.Length), finding.ReadFrom(frame, 0, frame.Length),
        log.ReadFrom(frame, 0, frame.Length), status.ReadFrom(frame, 0, frame.Length),
        command.ReadFrom(frame, 0, frame.Length), reply.ReadFrom(frame, 0, frame.Length),
        offer.ReadFrom(frame, 0, frame.Length), request.ReadFrom(frame, 0, frame.Length),
        chunk.ReadFrom(frame, 0, frame.Length), progress.ReadFrom(frame, 0, frame.Length),
    ];

    /// <summary>Random bytes, bit flips, truncation, extension, length-field lies; a third are resealed with a valid CRC so field validation is reached too.</summary>
    private static (byte[] Frame, bool Resealed) Mutate(byte[] original, Random random)
    {
        byte[] frame;
        switch (random.Next(6))
        {
            case 0:
                frame = new byte[random.Next(0, 64)];
                random.NextBytes(frame);
                if (frame.Length > 0 && random.Next(2) == 0)
                {
                    frame[0] = Frame.Version;
                }

                break;
            case 1:
                frame = (byte[])original.Clone();
                for (int flips = random.Next(1, 4); flips > 0; flips--)
                {
                    frame[random.Next(frame.Length)] ^= (byte)(1 << random.Next(8));
                }

                break;
            case 2:
                frame = original[..random.Next(original.Length)];
                break;
            case 3:
                frame = new byte[original.Length + random.Next(1, 16)];
                original.CopyTo(frame, 0);
                break;
            case 4:
                frame = (byte[])original.Clone();
                frame[2] = (byte)random.Next(256);
                frame[3] = (byte)random.Next(256);
                break;
            default:
                frame = (byte[])original.Clone();
                if (frame.Length == original.Length && frame.SequenceEqual(original))
                {
                    return (frame, false);
                }

                break;
        }

        if (frame.Length >= Frame.Overhead && random.Next(3) == 0)
        {
            int payload = frame.Length - Frame.Overhead;
            if (payload <= Frame.MaxPayload)
            {
                frame[0] = Frame.Version;
                Frame.Seal(frame, 0, (MessageType)frame[1], payload);
                return (frame, true);
            }
        }

        return (frame, false);
    }

    private static byte[][] ValidFrames()
    {
        static byte[] Write(int length, Func<byte[], int> write)
        {
            var b = new byte[length];
            write(b);
            return b;
        }

        var batch = new TelemetryBatch { Sequence = 1 };
        for (int i = 0; i < 10; i++)
        {
            batch.Add((byte)(1 + (i % 3)), 1_700_000_000_000 + (i * 1000), 20f + i);
        }

        var f = new Finding { TimeMs = 5, Channel = 1, Rule = FindingRule.SigmaBand, Value = 100f, ExpectedLow = 20f, ExpectedHigh = 30f };
        var l = new LogRecord { Sequence = 2, Level = LogLevel.Warning, Source = "net", Message = "broker unreachable, queued 12" };
        var s = new StatusReport { State = DeviceState.Online, FirmwareVersion = "1.2.3", Board = "esp32", QueueDepth = 4 };
        var c = new Command { CommandId = 9, Kind = CommandKind.SetSamplePeriod, Channel = 1, IntValue = 1000 };
        var r = new CommandReply { CommandId = 9, Status = CommandStatus.Ok, Text = "period=1000" };
        var o = new OtaOffer { TransferId = 4, ManifestLength = 100, SignatureLength = 64 };
        var q = new OtaChunkRequest { TransferId = 4, Offset = 4096, Length = 1024 };
        var k = new OtaChunk { TransferId = 4, Offset = 4096, DataLength = 200 };
        var p = new OtaProgress { TransferId = 4, State = OtaState.Downloading, Percent = 40, Version = "1.3.0" };
        return
        [
            Write(batch.FrameLength, b => batch.WriteTo(b, 0)), Write(f.FrameLength, b => f.WriteTo(b, 0)),
            Write(l.FrameLength, b => l.WriteTo(b, 0)), Write(s.FrameLength, b => s.WriteTo(b, 0)),
            Write(c.FrameLength, b => c.WriteTo(b, 0)), Write(r.FrameLength, b => r.WriteTo(b, 0)),
            Write(o.FrameLength, b => o.WriteTo(b, 0)), Write(q.FrameLength, b => q.WriteTo(b, 0)),
            Write(k.FrameLength, b => k.WriteTo(b, 0)), Write(p.FrameLength, b => p.WriteTo(b, 0)),
        ];
    }
}
