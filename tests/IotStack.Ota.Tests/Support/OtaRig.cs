using IotStack.Firmware.Ota;
using IotStack.Ota.Delivery;
using IotStack.Ota.Releases;
using IotStack.Ota.Signing;
using IotStack.Ota.Stores;
using IotStack.Ota.Tests.Stores;
using IotStack.TestServices;
using Microsoft.Extensions.Logging.Abstractions;

namespace IotStack.Ota.Tests.Support;

/// <summary>
/// Gateway OTA pieces wired to live services: releases in s3rver, a chunk server on Mosquitto (through
/// <see cref="MqttOtaLink"/>, standing in for the gateway's ingress), and
/// virtual boards (<see cref="MqttOtaDevice"/>) in a fleet of their own so tests never share topics.
/// </summary>
internal sealed class OtaRig : IAsyncDisposable
{
    private readonly List<MqttOtaDevice> _devices = [];

    private OtaRig(string host, int port, MqttAccount account, MqttAccount boardAccount)
    {
        Host = host;
        Port = port;
        BoardAccount = boardAccount;
        Store = new S3ImageStore(S3ImageStoreTests.Options(S3ImageStoreTests.NewBucket()));
        Catalog = new ReleaseCatalog(Store, Signer.PublicKey);
        Cache = new ImageCache(Store, new ImageCacheOptions());
        Link = new MqttOtaLink(host, port, account, Fleet, Inbox);
        Server = new ChunkServer(new ChunkServerOptions(), Inbox, Link, Catalog, Cache, Progress, NullLogger<ChunkServer>.Instance);
        Offers = new OfferChannel(Link, Catalog);
        Publisher = new ReleasePublisher(Store, TimeProvider.System, NullLogger<ReleasePublisher>.Instance);
    }

    public string Host { get; }

    public int Port { get; }

    /// <summary>The broker account the virtual boards connect with (the board role; the link has the gateway's).</summary>
    public MqttAccount BoardAccount { get; }

    public string Fleet { get; } = "f" + Guid.NewGuid().ToString("N")[..10];

    public ReleaseSigner Signer { get; } = ReleaseSigner.CreateEphemeral();

    public S3ImageStore Store { get; }

    public ReleaseCatalog Catalog { get; }

    public ImageCache Cache { get; }

    public ProgressLog Progress { get; } = new();

    public OtaInbox Inbox { get; } = new();

    public MqttOtaLink Link { get; }

    public ChunkServer Server { get; }

    public OfferChannel Offers { get; }

    public ReleasePublisher Publisher { get; }

    /// <summary>
    /// Short timeouts keep failure tests quick; 800 ms leaves room for a hundred boards with four requests in flight each
    /// on a busy two-core machine (the board backs off to one request and doubles the wait when the head goes unanswered).
    /// </summary>
    public OtaOptions DeviceOptions { get; } = new() { RequestTimeoutMs = 800, MaxRequestAttempts = 4, HealthDeadlineMs = 1500, ChunkSize = 4096 };

    public IReadOnlyList<MqttOtaDevice> Devices => _devices;

    /// <summary>On the shared Mosquitto.</summary>
    public static Task<OtaRig> StartAsync() =>
        StartAsync(ServiceEndpoints.Mosquitto.Host, ServiceEndpoints.Mosquitto.Port, ServiceEndpoints.MosquittoAccount, ServiceEndpoints.MosquittoBoardAccount);

    /// <summary>On a broker of the test's own.</summary>
    public static Task<OtaRig> StartAsync(PrivateBroker broker) => StartAsync(broker.Host, broker.Port, broker.Account, broker.BoardAccount);

    private static async Task<OtaRig> StartAsync(string host, int port, MqttAccount account, MqttAccount boardAccount)
    {
        var rig = new OtaRig(host, port, account, boardAccount);
        await rig.Link.ConnectAsync(CancellationToken.None);
        rig.Server.Start();
        return rig;
    }

    public IReadOnlyList<MqttOtaDevice> AddDevices(int count, string boardType = "esp32")
    {
        var added = new List<MqttOtaDevice>();
        for (int i = 0; i < count; i++)
        {
            var device = new MqttOtaDevice(Fleet, $"d{_devices.Count:D3}", Host, Port, BoardAccount, Signer.PublicKey, DeviceOptions, boardType);
            _devices.Add(device);
            added.Add(device);
            device.Start();
        }

        return added;
    }

    public Task<Release> PublishAsync(string version, int seed = 1, int files = 3, int size = 20_000, string board = "esp32", string? minimum = null) =>
        Publisher.PublishAsync(Releases.ReleasePublisherTests.SampleImage(seed, files, size), version, board, minimum, Signer, CancellationToken.None);

    public async ValueTask DisposeAsync()
    {
        foreach (var device in _devices)
        {
            device.Dispose();
        }

        await Server.DisposeAsync();
        await Link.DisposeAsync();
        Store.Dispose();
        Signer.Dispose();
    }
}
