using IotStack.Gateway.Tests.Support;
using IotStack.Protocol;
using IotStack.TestServices;

namespace IotStack.Gateway.Tests.Ingest;

/// <summary>End to end through a real Mosquitto: acknowledgement after commit, persistent sessions, shared subscriptions.</summary>
[Collection(WholeFleetCollection.Name)]
public sealed class IngestReliabilityTests
{
    private const int Batches = 400;

    private static async Task PublishStreamAsync(TestPublisher publisher, string fleet, string[] devices, int batches, Func<int, Task>? after = null)
    {
        // Recent times: older samples would be removed by raw-data retention when the gateway starts.
        long t0 = TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds() - (batches * 1000L);
        for (int i = 1; i <= batches; i++)
        {
            foreach (string device in devices)
            {
                await publisher.PublishAsync(new DeviceTopics(fleet, device).Telemetry, Frames.Telemetry((uint)i, t0 + (i * 1000L)));
            }

            if (after is not null)
            {
                await after(i);
            }
        }
    }

    [Fact]
    public async Task Gateway_KilledMidStreamAndRestarted_EverySequenceStoredOnce()
    {
        using var dir = new TempDirectory();
        string db = dir.File("gw.db");
        string clientId = "gw-kill-" + Guid.NewGuid().ToString("N")[..8];
        string fleet = "kill" + Guid.NewGuid().ToString("N")[..6];
        string[] devices = ["k1", "k2"];
        TestGateway gateway = await TestGateway.StartAsync(ExternalGateway.Settings(clientId, sqlite: db));
        await gateway.WaitConnectedAsync();
        await using TestPublisher publisher = await TestPublisher.ConnectAsync(ServiceEndpoints.Mosquitto.Host, ServiceEndpoints.Mosquitto.Port, ServiceEndpoints.MosquittoBoardAccount);

        bool killed = false;
        await PublishStreamAsync(publisher, fleet, devices, Batches, async i =>
        {
            if (!killed && gateway.Metrics.BatchesStored >= 150)
            {
                killed = true;
                await gateway.KillAsync();
            }
        });
        Assert.True(killed, "the gateway should have been killed while the publisher streamed");

        // Same client id: the broker kept the session and everything not acknowledged.
        await using TestGateway restarted = await TestGateway.StartAsync(ExternalGateway.Settings(clientId, sqlite: db));
        var expected = Enumerable.Range(1, Batches).Select(i => (uint)i).ToList();
        foreach (string device in devices)
        {
            await Eventually.TrueAsync(async () => (await restarted.Store.ReadSequencesAsync(device, CancellationToken.None)).Count >= Batches, $"{device} complete");
            Assert.Equal(expected, await restarted.Store.ReadSequencesAsync(device, CancellationToken.None));
            var samples = await restarted.Store.ReadSeriesAsync(device, Channel.Temperature, TimeProvider.System.GetUtcNow().AddHours(-1), TimeProvider.System.GetUtcNow().AddHours(1), Gateway.Storage.SeriesResolution.Raw, 10_000, CancellationToken.None);
            Assert.Equal(Batches, samples.Count);
        }
    }

    [Fact]
    public async Task TwoGateways_SharedSubscriptionOnOnePostgres_SplitFleetWithoutLossOrDuplicates()
    {
        await using PostgresTestDatabase database = await PostgresTestDatabase.CreateAsync("gwtest");
        string group = "g" + Guid.NewGuid().ToString("N")[..8];
        string fleet = "share" + Guid.NewGuid().ToString("N")[..6];
        string[] devices = ["s1", "s2", "s3", "s4"];
        await using TestGateway a = await TestGateway.StartAsync(ExternalGateway.Settings("gw-a-" + group, postgres: database.ConnectionString, sharedGroup: group));
        await using TestGateway b = await TestGateway.StartAsync(ExternalGateway.Settings("gw-b-" + group, postgres: database.ConnectionString, sharedGroup: group));
        await a.WaitConnectedAsync();
        await b.WaitConnectedAsync();
        await using TestPublisher publisher = await TestPublisher.ConnectAsync(ServiceEndpoints.Mosquitto.Host, ServiceEndpoints.Mosquitto.Port, ServiceEndpoints.MosquittoBoardAccount);

        const int perDevice = 150;
        await PublishStreamAsync(publisher, fleet, devices, perDevice);

        var expected = Enumerable.Range(1, perDevice).Select(i => (uint)i).ToList();
        // Wait on what is committed in the shared database (either gateway's transaction may still be in flight).
        await Eventually.TrueAsync(async () =>
        {
            if (a.Metrics.BatchesStored + b.Metrics.BatchesStored < devices.Length * perDevice)
            {
                return false;
            }

            foreach (string device in devices)
            {
                if ((await a.Store.ReadSequencesAsync(device, CancellationToken.None)).Count < perDevice)
                {
                    return false;
                }
            }

            return true;
        }, "both gateways stored the fleet");
        foreach (string device in devices)
        {
            Assert.Equal(expected, await a.Store.ReadSequencesAsync(device, CancellationToken.None));
        }

        Assert.Equal(devices.Length * perDevice, a.Metrics.BatchesStored + b.Metrics.BatchesStored);
        Assert.Equal(0, a.Metrics.BatchesDuplicate + b.Metrics.BatchesDuplicate);
        Assert.True(a.Metrics.BatchesStored > 0 && b.Metrics.BatchesStored > 0, $"split {a.Metrics.BatchesStored}/{b.Metrics.BatchesStored}");
    }
}
