using System.Net;
using IotStack.Gateway.Storage;
using IotStack.Gateway.Tests.Support;
using IotStack.Protocol;
using IotStack.TestServices;
using Xunit.Abstractions;
using MQTTnet;
using MQTTnet.Formatter;

namespace IotStack.Gateway.Tests.Chaos;

/// <summary>
/// What a broken or hostile device can send, then a 50,000-batch burst, to one gateway process: it stays up, refuses
/// (quarantines) the bad frames, stores every good batch once, and its memory stays within a bound of its own baseline.
/// </summary>
[Collection(ChaosCollection.Name)]
[Trait("Category", "Chaos")]
public sealed class HostileFrameTests(ITestOutputHelper output)
{
    private const int BurstBoards = 10;
    private const int BurstEach = 5_000;

    [Fact]
    public async Task Gateway_HostileFramesThen50000BatchBurst_StaysUpQuarantinesAndStoresEveryGoodBatchOnce()
    {
        await using PrivateMosquitto broker = await PrivateMosquitto.StartAsync();
        using var dir = new TempDirectory();
        string db = dir.File("gateway.db");
        await using GatewayProcess gateway = await ChaosRig.StartGatewayAsync(broker, dir.Path, db, "hostile");
        string fleet = "hostile" + Guid.NewGuid().ToString("N")[..6];

        // Warm up with good traffic, then take the baseline.
        await using (ChaosBoards warm = ChaosBoards.Start(broker, boards: 2, pause: TimeSpan.Zero, batchesEach: 200))
        {
            await warm.WaitDoneAsync(TimeSpan.FromSeconds(ChaosRig.RecoverySeconds));
            await ChaosRig.AssertStoredExactlyOnceAsync(db, warm, () => ChaosRig.Describe(gateway, broker));
        }

        long baseline = gateway.RssBytes();
        await using var memory = new MemoryWatch(gateway.RssBytes);

        int sent = 0;
        await using (TestPublisher device = await TestPublisher.ConnectAsync(broker.Host, broker.Port, broker.BoardAccount))
        {
            var topics = new DeviceTopics(fleet, "hostile");
            var random = new Random(16);
            foreach (string topic in new[] { topics.Telemetry, topics.Status, topics.Log, topics.Finding })
            {
                for (int i = 0; i < 200; i++)
                {
                    byte[] noise = new byte[random.Next(0, 600)];
                    random.NextBytes(noise);
                    await device.PublishAsync(topic, noise);
                    sent++;
                }
            }

            byte[] frame = Frames.Telemetry(1, 1_000);
            for (int cut = 0; cut < frame.Length; cut++)
            {
                await device.PublishAsync(topics.Telemetry, frame[..cut]);
                sent++;
            }

            await device.PublishAsync(topics.Telemetry, new byte[1024 * 1024]);
            await device.PublishAsync(topics.Log, Frames.Log("text with \0 NUL and \u0007 bell", LogLevel.Error));
            await device.PublishAsync(topics.Log, InvalidUtf8Log());
            sent += 3;

        }

        // Device ids the protocol does not allow (1-64 of [A-Za-z0-9_.-]) but a topic can carry, and some it cannot:
        // wildcards, NUL and control characters in a topic name (MQTT 5 §4.7.1, §1.5.4) make Mosquitto drop that
        // client; the gateway never sees those, and must not care that the broker did. Each from its own connection.
        string[] oddIds = [new string('x', 65), new string('x', 5_000), "温度計-🌡️", "\u202Eevil", "a b", "%00", "..", "'; DROP TABLE batches;--", "", "+", "#", "nul\0", "ctl\u0001id"];
        int accepted = 0;
        foreach (string id in oddIds)
        {
            accepted += await TryPublishAsync(broker, $"iot/{fleet}/{id}/telemetry", Frames.Telemetry(7, 2_000)) ? 1 : 0;
            accepted += await TryPublishAsync(broker, $"iot/{fleet}/{id}/status", Frames.Status(DeviceState.Online)) ? 1 : 0;
            accepted += await TryPublishAsync(broker, $"iot/{fleet}/{id}/log", Frames.Log("odd id", LogLevel.Error)) ? 1 : 0;
        }

        Assert.True(accepted >= 21, $"only {accepted} odd-id messages reached the broker");
        output.WriteLine($"{sent} hostile frames, {accepted} of {oddIds.Length * 3} odd-id messages taken by the broker");

        await Eventually.TrueAsync(async () =>
        {
            await using var store = new SqliteGatewayStore(db);
            return (await store.ReadQuarantineAsync(10_000, CancellationToken.None)).Count >= 700;
        }, "hostile frames quarantined", ChaosRig.RecoverySeconds);
        Assert.True(gateway.IsAlive, ChaosRig.Describe(gateway, broker));
        Assert.Equal(HttpStatusCode.OK, await gateway.HealthAsync());

        // 50,000 batches as fast as ten boards can get PUBACKs.
        await using ChaosBoards burst = ChaosBoards.Start(broker, BurstBoards, TimeSpan.Zero, BurstEach);
        await burst.WaitDoneAsync(TimeSpan.FromSeconds(ChaosRig.RecoverySeconds));
        Assert.Equal((long)BurstBoards * BurstEach, burst.TotalAcknowledged);
        await ChaosRig.AssertStoredExactlyOnceAsync(db, burst, () => ChaosRig.Describe(gateway, broker));

        Assert.True(gateway.IsAlive, ChaosRig.Describe(gateway, broker));
        Assert.Equal(1, gateway.Starts);
        Assert.Equal(HttpStatusCode.OK, await gateway.HealthAsync());
        ChaosRig.AssertMemoryBounded(memory, baseline, output);
        Assert.DoesNotContain("Outgoing messages are being dropped", broker.Log(), StringComparison.Ordinal);
    }

    /// <summary>A log record whose text bytes are not UTF-8 (0xFF, 0xC0 0x80 overlong NUL): the strict decoder refuses it.</summary>
    private static byte[] InvalidUtf8Log()
    {
        byte[] frame = Frames.Log("ABCD", LogLevel.Error);
        int at = frame.AsSpan().IndexOf("ABCD"u8);
        frame[at] = 0xFF;
        frame[at + 1] = 0xC0;
        frame[at + 2] = 0x80;
        frame[at + 3] = 0xFE;
        return frame;
    }

    /// <summary>Publishes from a fresh connection; false when the client library or the broker refused the topic.</summary>
    private static async Task<bool> TryPublishAsync(PrivateMosquitto broker, string topic, byte[] payload)
    {
        using IMqttClient client = new MqttClientFactory().CreateMqttClient();
        // The gateway's rights: the broker's ACL must not filter what this test feeds the gateway (hostile frames and ids).
        await client.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer(broker.Host, broker.Port)
            .WithCredentials(broker.Account.User, broker.Account.Password).WithProtocolVersion(MqttProtocolVersion.V500).Build());
        try
        {
            await client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(payload)
                .WithQualityOfServiceLevel(MQTTnet.Protocol.MqttQualityOfServiceLevel.AtLeastOnce).Build());
            await client.DisconnectAsync();
            return true;
        }
        catch (Exception ex) when (ex is MQTTnet.Exceptions.MqttCommunicationException or ArgumentException or InvalidOperationException or OperationCanceledException or MQTTnet.Exceptions.MqttProtocolViolationException)
        {
            return false;
        }
    }
}
