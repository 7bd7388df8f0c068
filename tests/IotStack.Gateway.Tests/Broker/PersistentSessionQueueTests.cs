using IotStack.Gateway.Tests.Support;
using IotStack.Protocol;
using IotStack.TestServices;

namespace IotStack.Gateway.Tests.Broker;

/// <summary>
/// The broker setup the project ships (gateway/deploy/mosquitto/iotstack-gateway.conf) keeps what the boards published while the
/// gateway was away. Mosquitto's default queue (1,000 messages per session) dropped the excess after acknowledging it to
/// the boards; this runs a private broker with the shipped settings.
/// </summary>
public sealed class PersistentSessionQueueTests
{
    private const int Burst = 5_000;

    [Fact]
    public async Task Gateway_AwayDuringBurstLargerThanMosquittoDefaultQueue_EveryBatchDeliveredOnReturn()
    {
        await using PrivateMosquitto broker = await PrivateMosquitto.StartAsync();
        using var dir = new TempDirectory();
        string clientId = "gw-queue-" + Guid.NewGuid().ToString("N")[..8];
        string fleet = "queue" + Guid.NewGuid().ToString("N")[..6];
        var settings = new Dictionary<string, string?>
        {
            ["IotStack:Broker:Mode"] = "External",
            ["IotStack:Broker:Host"] = broker.Host,
            ["IotStack:Broker:Port"] = TestGateway.Port(broker.Port),
            ["IotStack:Broker:Username"] = broker.Account.User,
            ["IotStack:Broker:Password"] = broker.Account.Password,
            ["IotStack:Broker:ClientId"] = clientId,
            ["IotStack:Storage:Provider"] = "Sqlite",
            ["IotStack:Storage:SqlitePath"] = dir.File("queue.db"),
        };

        // The first run creates the persistent session and its subscriptions, then the gateway goes away.
        await using (TestGateway first = await TestGateway.StartAsync(settings))
        {
            await first.WaitConnectedAsync();
        }

        long t0 = TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds() - (Burst * 1000L);
        await using (TestPublisher board = await TestPublisher.ConnectAsync(broker.Host, broker.Port, broker.BoardAccount))
        {
            for (int i = 1; i <= Burst; i++)
            {
                // QoS 1: each returns after the broker's PUBACK, so every one of them is the broker's to keep.
                await board.PublishAsync(new DeviceTopics(fleet, "burst").Telemetry, Frames.Telemetry((uint)i, t0 + (i * 1000L)));
            }
        }

        await using TestGateway back = await TestGateway.StartAsync(settings);
        await Eventually.TrueAsync(
            async () => (await back.Store.ReadSequencesAsync("burst", CancellationToken.None)).Count >= Burst,
            "every queued batch delivered", seconds: 120);

        Assert.Equal(Enumerable.Range(1, Burst).Select(i => (uint)i), await back.Store.ReadSequencesAsync("burst", CancellationToken.None));
        Assert.DoesNotContain("Outgoing messages are being dropped", broker.Log(), StringComparison.Ordinal);
    }
}
