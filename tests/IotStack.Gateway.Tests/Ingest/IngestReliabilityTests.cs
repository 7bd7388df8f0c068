using IotStack.Gateway.Cluster;
using IotStack.Gateway.Devices;
using IotStack.Gateway.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using IotStack.Protocol;
using IotStack.TestServices;

namespace IotStack.Gateway.Tests.Ingest;

/// <summary>End to end through a real Mosquitto: acknowledgement after commit, persistent sessions, shared subscriptions.</summary>
public sealed class IngestReliabilityTests
{
    private const int Batches = 400;

    private static Dictionary<string, string?> External(string clientId, string? sqlite = null, string? postgres = null, string sharedGroup = "", int partitions = 0) => new()
    {
        ["IotStack:Cluster:Partitions"] = partitions.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["IotStack:Cluster:Name"] = clientId,
        ["IotStack:Cluster:PollInterval"] = "00:00:00.200",
        ["IotStack:Broker:Mode"] = "External",
        ["IotStack:Broker:Host"] = ServiceEndpoints.Mosquitto.Host,
        ["IotStack:Broker:Port"] = TestGateway.Port(ServiceEndpoints.Mosquitto.Port),
        ["IotStack:Broker:Username"] = ServiceEndpoints.MosquittoAccount.User,
        ["IotStack:Broker:Password"] = ServiceEndpoints.MosquittoAccount.Password,
        ["IotStack:Broker:ClientId"] = clientId,
        ["IotStack:Broker:SharedGroup"] = sharedGroup,
        ["IotStack:Storage:Provider"] = postgres is null ? "Sqlite" : "Postgres",
        ["IotStack:Storage:SqlitePath"] = sqlite ?? "",
        ["IotStack:Storage:PostgresConnectionString"] = postgres ?? "",
    };

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
        TestGateway gateway = await TestGateway.StartAsync(External(clientId, sqlite: db));
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
        await using TestGateway restarted = await TestGateway.StartAsync(External(clientId, sqlite: db));
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
        await using TestGateway a = await TestGateway.StartAsync(External("gw-a-" + group, postgres: database.ConnectionString, sharedGroup: group));
        await using TestGateway b = await TestGateway.StartAsync(External("gw-b-" + group, postgres: database.ConnectionString, sharedGroup: group));
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

    [Fact]
    public async Task TwoGateways_WithDeviceOwnership_EachDeviceHandledByOneGatewayOnly_NothingLostOrDuplicated()
    {
        await using PostgresTestDatabase database = await PostgresTestDatabase.CreateAsync("owntest");
        string group = "g" + Guid.NewGuid().ToString("N")[..8];
        string fleet = "own" + Guid.NewGuid().ToString("N")[..6];
        string[] devices = ["o1", "o2", "o3", "o4", "o5", "o6", "o7", "o8"];
        await using TestGateway a = await TestGateway.StartAsync(External("gw-a-" + group, postgres: database.ConnectionString, sharedGroup: group, partitions: 4));
        await using TestGateway b = await TestGateway.StartAsync(External("gw-b-" + group, postgres: database.ConnectionString, sharedGroup: group, partitions: 4));
        await a.WaitConnectedAsync();
        await b.WaitConnectedAsync();
        PartitionOwnership ownsA = a.App.Services.GetRequiredService<PartitionOwnership>();
        PartitionOwnership ownsB = b.App.Services.GetRequiredService<PartitionOwnership>();
        await Eventually.TrueAsync(() => Task.FromResult(ownsA.Owned.Count == 2 && ownsB.Owned.Count == 2 && ownsA.Owned.Concat(ownsB.Owned).Distinct().Count() == 4), "two partitions each");
        await using TestPublisher publisher = await TestPublisher.ConnectAsync(ServiceEndpoints.Mosquitto.Host, ServiceEndpoints.Mosquitto.Port, ServiceEndpoints.MosquittoBoardAccount);

        const int perDevice = 100;
        await PublishStreamAsync(publisher, fleet, devices, perDevice);

        var expected = Enumerable.Range(1, perDevice).Select(i => (uint)i).ToList();
        await Eventually.TrueAsync(async () =>
        {
            foreach (string device in devices)
            {
                if ((await a.Store.ReadSequencesAsync(device, CancellationToken.None)).Count < perDevice)
                {
                    return false;
                }
            }

            return true;
        }, "the fleet is stored");
        foreach (string device in devices)
        {
            Assert.Equal(expected, await a.Store.ReadSequencesAsync(device, CancellationToken.None));
        }

        Assert.Equal(devices.Length * perDevice, a.Metrics.BatchesStored + b.Metrics.BatchesStored);
        // Each device's whole series went to the gateway owning its partition, and only there: the shared
        // subscription alone would have shown every device to both.
        IReadOnlyDictionary<string, (bool Online, DateTimeOffset LastHeard)> heardByA = a.App.Services.GetRequiredService<DeviceMonitor>().Snapshot();
        IReadOnlyDictionary<string, (bool Online, DateTimeOffset LastHeard)> heardByB = b.App.Services.GetRequiredService<DeviceMonitor>().Snapshot();
        foreach (string device in devices)
        {
            int partition = DevicePartition.Of(device, 4);
            bool aOwns = ownsA.Owned.Contains(partition);
            Assert.True(aOwns ? heardByA.ContainsKey(device) && !heardByB.ContainsKey(device) : heardByB.ContainsKey(device) && !heardByA.ContainsKey(device),
                $"{device} (partition {partition}, a owns [{string.Join(',', ownsA.Owned)}]): heard by a {heardByA.ContainsKey(device)}, by b {heardByB.ContainsKey(device)}");
        }
    }
}
