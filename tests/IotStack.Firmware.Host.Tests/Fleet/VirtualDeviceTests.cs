using IotStack.Firmware.Host.Tests.Support;
using IotStack.Firmware.Storage;
using IotStack.Protocol;

namespace IotStack.Firmware.Host.Tests.Fleet;

/// <summary>The real firmware core on a virtual board, against live Mosquitto.</summary>
[Collection(BrokerCollection.Name)]
public sealed class VirtualDeviceTests
{
    private static readonly TimeSpan RealLimit = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Tick_BrokerOutageOf30Seconds_EverySequenceArrivesInOrder()
    {
        var broker = IotStack.TestServices.ServiceEndpoints.Mosquitto;
        await using var proxy = new TcpCutProxy(broker.Host, broker.Port);
        using var harness = new DeviceHarness(brokerPort: proxy.Port);
        await using var probe = await MqttProbe.ConnectAsync(harness.TopicOf("telemetry"));
        harness.Start();
        Assert.True(harness.RunUntil(() => harness.Device.IsConnected, RealLimit));
        harness.Run(TimeSpan.FromSeconds(5));

        proxy.Cut();
        harness.Run(TimeSpan.FromSeconds(30));
        int queuedDuringOutage = harness.Device.QueueDepth;
        proxy.Restore();
        Assert.True(harness.RunUntil(() => harness.Device.IsConnected && harness.Device.QueueDepth == 0, RealLimit));
        harness.Run(TimeSpan.FromSeconds(3));
        int published = (int)harness.Counters.TelemetryPublished;
        Assert.True(probe.WaitUntil(m => Caught.CountTelemetry(m) >= published, RealLimit));

        List<TelemetryBatch> batches = Caught.Batches(probe.Messages);
        Assert.InRange(queuedDuringOutage, 25, 35); // about one 5-sample batch per second of outage
        Assert.True(batches.Count >= 35, $"only {batches.Count} batches");
        for (int i = 1; i < batches.Count; i++)
        {
            Assert.Equal(batches[i - 1].Sequence + 1, batches[i].Sequence);
        }

        Assert.Contains(batches, b => (b.Flags & TelemetryBatch.FlagReplayed) != 0);
        Assert.Equal(0, (int)harness.Device.QueueDropped);
    }

    [Fact]
    public async Task Reboot_WhileOffline_KeepsSettingsQueueAndSequence()
    {
        var broker = IotStack.TestServices.ServiceEndpoints.Mosquitto;
        await using var proxy = new TcpCutProxy(broker.Host, broker.Port);
        using var harness = new DeviceHarness(brokerPort: proxy.Port);
        await using var probe = await MqttProbe.ConnectAsync(harness.TopicOf("telemetry"), harness.TopicOf("cmd/reply"));
        harness.Start();
        Assert.True(harness.RunUntil(() => harness.Device.IsConnected, RealLimit));
        harness.Run(TimeSpan.FromSeconds(1));
        await probe.PublishAsync(harness.TopicOf("cmd"), Encode(new Command { CommandId = 501, Kind = CommandKind.SetSamplePeriod, Channel = Channel.Sht31Temperature, IntValue = 2000 }));
        Assert.True(harness.RunUntil(() => Replies(probe).Any(r => r.CommandId == 501), RealLimit));
        proxy.Cut();
        harness.Run(TimeSpan.FromSeconds(10));
        int queued = harness.Device.QueueDepth;

        harness.Device.Board.Reboot(ResetReason.Software);
        harness.Run(TimeSpan.FromMilliseconds(100));

        Assert.Equal(1, harness.Device.Reboots);
        Assert.Equal(ResetReason.Software, harness.Device.Board.LastResetReason);
        Assert.True(queued > 0);
        Assert.True(harness.Device.QueueDepth >= queued, $"queue {harness.Device.QueueDepth} after reboot, {queued} before");
        Assert.Equal(2000, harness.Device.Runtime.Settings.SamplePeriodMs(Channel.Sht31Temperature));

        proxy.Restore();
        Assert.True(harness.RunUntil(() => harness.Device.IsConnected && harness.Device.QueueDepth == 0, RealLimit));
        harness.Run(TimeSpan.FromSeconds(2));
        int published = (int)harness.Counters.TelemetryPublished;
        Assert.True(probe.WaitUntil(m => Caught.CountTelemetry(m) >= published, RealLimit));
        // A reboot skips the rest of the reserved sequence block (SequenceCounter): one jump to a block start,
        // everything else consecutive, nothing out of order.
        List<TelemetryBatch> batches = Caught.Batches(probe.Messages);
        int jumps = 0;
        for (int i = 1; i < batches.Count; i++)
        {
            if (batches[i].Sequence != batches[i - 1].Sequence + 1)
            {
                jumps++;
                Assert.True(batches[i].Sequence > batches[i - 1].Sequence);
                Assert.Equal(0u, batches[i].Sequence % SequenceCounter.BlockSize);
            }
        }

        Assert.Equal(1, jumps);
    }

    [Fact]
    public async Task Command_OverTheBroker_RepliesCarryTheCommandIds()
    {
        using var harness = new DeviceHarness();
        await using var probe = await MqttProbe.ConnectAsync(harness.TopicOf("cmd/reply"));
        harness.Start();
        Assert.True(harness.RunUntil(() => harness.Device.IsConnected, RealLimit));
        harness.Run(TimeSpan.FromMilliseconds(300));

        await probe.PublishAsync(harness.TopicOf("cmd"), Encode(new Command { CommandId = 4242, Kind = CommandKind.Ping }));
        await probe.PublishAsync(harness.TopicOf("cmd"), Encode(new Command { CommandId = 77, Kind = CommandKind.SetSamplePeriod, Channel = Channel.Temperature, IntValue = 5000 }));
        await probe.PublishAsync(harness.TopicOf("cmd"), Encode(new Command { CommandId = 78, Kind = CommandKind.SetSamplePeriod, Channel = Channel.Temperature, IntValue = 5 }));
        Assert.True(harness.RunUntil(() => Replies(probe).Count >= 3, RealLimit));

        List<CommandReply> replies = Replies(probe);
        Assert.Equal(new uint[] { 4242, 77, 78 }, replies.Select(r => r.CommandId).ToArray());
        Assert.Equal(CommandStatus.Ok, replies[0].Status);
        Assert.Equal(CommandStatus.Ok, replies[1].Status);
        Assert.Equal(CommandStatus.InvalidArgument, replies[2].Status);
        Assert.Equal(5000, harness.Device.Runtime.Settings.SamplePeriodMs(Channel.Temperature));
    }

    [Fact]
    public async Task Tick_Bme280Nacks_SensorErrorsCountedNoValueSentForTheWindow()
    {
        using var harness = new DeviceHarness(faults: "nack:bme280@3s+5s");
        await using var probe = await MqttProbe.ConnectAsync(harness.TopicOf("telemetry"), harness.TopicOf("finding"));
        harness.Start();
        Assert.True(harness.RunUntil(() => harness.Device.IsConnected, RealLimit));

        harness.Run(TimeSpan.FromSeconds(12));
        int published = (int)harness.Counters.TelemetryPublished;
        Assert.True(probe.WaitUntil(m => Caught.CountTelemetry(m) >= published, RealLimit));

        long windowStart = DeviceHarness.Epoch.ToUnixTimeMilliseconds() + 3200;
        long windowEnd = DeviceHarness.Epoch.ToUnixTimeMilliseconds() + 7800;
        var samples = Caught.Batches(probe.Messages)
            .SelectMany(b => Enumerable.Range(0, b.Count).Select(i => (Channel: b.ChannelAt(i), Time: b.TimeAt(i))))
            .ToList();
        Assert.DoesNotContain(samples, s => s.Channel == Channel.Temperature && s.Time >= windowStart && s.Time <= windowEnd);
        Assert.Contains(samples, s => s.Channel == Channel.Sht31Temperature && s.Time >= windowStart && s.Time <= windowEnd);
        Assert.Contains(samples, s => s.Channel == Channel.Temperature && s.Time > windowEnd);
        Assert.True(harness.Device.SensorErrors >= 4, $"sensor errors {harness.Device.SensorErrors}");
        Assert.Contains(probe.Messages, m => m.Topic.EndsWith("/finding", StringComparison.Ordinal) && IsSensorError(m.Payload));
    }

    private static byte[] Encode(Command command)
    {
        byte[] frame = new byte[command.FrameLength];
        command.WriteTo(frame, 0);
        return frame;
    }

    private static List<CommandReply> Replies(MqttProbe probe) =>
        probe.Messages.Where(m => m.Topic.EndsWith("/cmd/reply", StringComparison.Ordinal)).Select(m =>
        {
            var reply = new CommandReply();
            Assert.Equal(DecodeStatus.Ok, reply.ReadFrom(m.Payload, 0, m.Payload.Length));
            return reply;
        }).ToList();

    private static bool IsSensorError(byte[] payload)
    {
        var finding = new Finding();
        return finding.ReadFrom(payload, 0, payload.Length) == DecodeStatus.Ok && finding.Rule == FindingRule.SensorError;
    }
}
