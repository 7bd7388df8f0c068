using IotStack.Gateway.Alerts;
using IotStack.Gateway.Cluster;
using IotStack.Gateway.Devices;
using IotStack.Gateway.Storage;
using IotStack.Gateway.Tests.Support;
using IotStack.Protocol;
using IotStack.TestServices;
using Microsoft.Extensions.DependencyInjection;

namespace IotStack.Gateway.Tests.Cluster;

/// <summary>
/// Two in-process gateways with device ownership (<c>Cluster:Partitions</c> 4) on the suite's Mosquitto and a fresh
/// PostgreSQL database: each device's traffic reaches its owner only, and operator actions work on either gateway.
/// </summary>
[Collection(WholeFleetCollection.Name)]
public sealed class DeviceOwnershipTests : IAsyncLifetime
{
    private const int Partitions = 4;

    private readonly string _group = "g" + Guid.NewGuid().ToString("N")[..8];
    private readonly string _fleet = "own" + Guid.NewGuid().ToString("N")[..6];
    private PostgresTestDatabase? _database;
    private TestGateway? _a;
    private TestGateway? _b;

    private TestGateway A => _a ?? throw new InvalidOperationException("not initialised");

    private TestGateway B => _b ?? throw new InvalidOperationException("not initialised");

    public async Task InitializeAsync()
    {
        _database = await PostgresTestDatabase.CreateAsync("owntest");
        _a = await StartAsync("gw-a-");
        _b = await StartAsync("gw-b-");
        await Eventually.TrueAsync(() => Task.FromResult(Owned(A).Count == 2 && Owned(B).Count == 2 && Owned(A).Concat(Owned(B)).Distinct().Count() == Partitions), "two partitions each");
    }

    public async Task DisposeAsync()
    {
        foreach (TestGateway? gateway in new[] { _a, _b })
        {
            if (gateway is not null)
            {
                await gateway.DisposeAsync();
            }
        }

        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }

    [Fact]
    public async Task Fleet_EachDeviceHandledByItsPartitionsOwnerOnly_NothingLostOrDuplicated()
    {
        string[] devices = ["o1", "o2", "o3", "o4", "o5", "o6", "o7", "o8"];
        const int perDevice = 100;
        await using TestPublisher publisher = await BoardPublisherAsync();
        long t0 = TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds() - (perDevice * 1000L);
        for (int i = 1; i <= perDevice; i++)
        {
            foreach (string device in devices)
            {
                await publisher.PublishAsync(new DeviceTopics(_fleet, device).Telemetry, Frames.Telemetry((uint)i, t0 + (i * 1000L)));
            }
        }

        var expected = Enumerable.Range(1, perDevice).Select(i => (uint)i).ToList();
        await Eventually.TrueAsync(async () =>
        {
            foreach (string device in devices)
            {
                if ((await A.Store.ReadSequencesAsync(device, CancellationToken.None)).Count < perDevice)
                {
                    return false;
                }
            }

            return true;
        }, "the fleet is stored");
        foreach (string device in devices)
        {
            Assert.Equal(expected, await A.Store.ReadSequencesAsync(device, CancellationToken.None));
        }

        Assert.Equal(devices.Length * perDevice, A.Metrics.BatchesStored + B.Metrics.BatchesStored);
        // Each device's whole series went to the gateway owning its partition, and only there: the shared subscription
        // alone shows every device to both.
        IReadOnlyDictionary<string, (bool Online, DateTimeOffset LastHeard)> heardByA = A.App.Services.GetRequiredService<DeviceMonitor>().Snapshot();
        IReadOnlyDictionary<string, (bool Online, DateTimeOffset LastHeard)> heardByB = B.App.Services.GetRequiredService<DeviceMonitor>().Snapshot();
        foreach (string device in devices)
        {
            int partition = DevicePartition.Of(device, Partitions);
            bool aOwns = Owned(A).Contains(partition);
            Assert.True(aOwns ? heardByA.ContainsKey(device) && !heardByB.ContainsKey(device) : heardByB.ContainsKey(device) && !heardByA.ContainsKey(device),
                $"{device} (partition {partition}, a owns [{string.Join(',', Owned(A))}]): heard by a {heardByA.ContainsKey(device)}, by b {heardByB.ContainsKey(device)}");
        }
    }

    [Fact]
    public async Task OperatorActions_OnTheGatewayNotOwningTheDevice_ReachTheOwnersAlert()
    {
        // Two devices, one owned by each gateway; a breach of the configured maximum on each opens an alert at its owner.
        string onA = Enumerable.Range(0, 100).Select(i => "t" + i).First(d => Owned(A).Contains(DevicePartition.Of(d, Partitions)));
        string onB = Enumerable.Range(0, 100).Select(i => "t" + i).First(d => Owned(B).Contains(DevicePartition.Of(d, Partitions)));
        await using TestPublisher publisher = await BoardPublisherAsync();
        long now = TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds();
        uint sequence = 0;
        foreach (string device in new[] { onA, onB })
        {
            await publisher.PublishAsync(new DeviceTopics(_fleet, device).Telemetry, Frames.Telemetry(++sequence, now, temperature: 90f));
        }

        AlertRecord alertOnA = await OpenAlertAsync(A, onA);
        AlertRecord alertOnB = await OpenAlertAsync(B, onB);

        // Acknowledged on b, whose engine does not hold it: the stored row changes and a's engine takes it at its next tick.
        AlertRecord? acked = await Engine(B).AcknowledgeAsync(alertOnA.Id, "operator", CancellationToken.None);
        Assert.Equal(AlertStatus.Acknowledged, acked?.Status);
        await Eventually.TrueAsync(async () => (await Engine(A).SnapshotActiveAsync(CancellationToken.None)).Single(a => a.Id == alertOnA.Id).Status == AlertStatus.Acknowledged, "a's engine sees the acknowledgement");
        // The owner's later writes (another breach) never take the acknowledgement back.
        await publisher.PublishAsync(new DeviceTopics(_fleet, onA).Telemetry, Frames.Telemetry(++sequence, now + 1000, temperature: 95f));
        await Eventually.TrueAsync(async () => (await A.Store.ReadAlertAsync(alertOnA.Id, CancellationToken.None))?.SignalCount >= 2, "a saved the second signal");
        Assert.Equal(AlertStatus.Acknowledged, (await A.Store.ReadAlertAsync(alertOnA.Id, CancellationToken.None))?.Status);

        // Resolved on a for b's device: b's engine lets it go.
        AlertRecord? resolved = await Engine(A).ResolveAsync(alertOnB.Id, "operator", CancellationToken.None);
        Assert.Equal(AlertStatus.Resolved, resolved?.Status);
        await Eventually.TrueAsync(async () => !(await Engine(B).SnapshotActiveAsync(CancellationToken.None)).Any(a => a.Id == alertOnB.Id), "b's engine drops the resolved alert");
        Assert.Equal(AlertStatus.Resolved, (await B.Store.ReadAlertAsync(alertOnB.Id, CancellationToken.None))?.Status);
    }

    private async Task<TestGateway> StartAsync(string name)
    {
        Dictionary<string, string?> settings = ExternalGateway.Settings(name + _group, postgres: _database!.ConnectionString, sharedGroup: _group, partitions: Partitions);
        settings["IotStack:Channels:1:Max"] = "60";
        TestGateway gateway = await TestGateway.StartAsync(settings);
        await gateway.WaitConnectedAsync();
        return gateway;
    }

    private static Task<TestPublisher> BoardPublisherAsync() =>
        TestPublisher.ConnectAsync(ServiceEndpoints.Mosquitto.Host, ServiceEndpoints.Mosquitto.Port, ServiceEndpoints.MosquittoBoardAccount);

    private static IReadOnlyList<int> Owned(TestGateway gateway) => gateway.App.Services.GetRequiredService<PartitionOwnership>().Owned;

    private static AlertEngine Engine(TestGateway gateway) => gateway.App.Services.GetRequiredService<AlertEngine>();

    private static async Task<AlertRecord> OpenAlertAsync(TestGateway owner, string device)
    {
        AlertRecord? alert = null;
        await Eventually.TrueAsync(async () =>
        {
            alert = (await Engine(owner).SnapshotActiveAsync(CancellationToken.None)).FirstOrDefault(a => a.DeviceId == device && a.Rule == AlertRules.AboveMax && a.Id != 0);
            return alert is not null;
        }, $"{device}'s owner opens above-max");
        return alert!;
    }
}
