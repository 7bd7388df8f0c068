using System.Buffers;
using System.Collections.Concurrent;
using System.Diagnostics;
using IotStack.Bench;
using IotStack.Ota.Delivery;
using IotStack.Ota.Releases;
using IotStack.Ota.Signing;
using IotStack.Ota.Stores;
using IotStack.Protocol;
using Microsoft.Extensions.Logging.Abstractions;
using MQTTnet;
using MQTTnet.Protocol;

// OTA transfer benchmark against a live broker (loopback only). Compares the OTA path (signed offer, device-paced
// 4 KB chunks with CRC, flash writes, hash verify, confirm) with bare MQTTnet loops moving the same bytes, in
// the same run, and reports ratios rather than absolute speeds.
// Usage: dotnet run -c Release --project tools/bench/IotStack.Ota.Bench -- [host:port] [boards] [request window] [server workers]
var endpoint = args.Length > 0 ? args[0] : Environment.GetEnvironmentVariable("IOTSTACK_TEST_MQTT") ?? "127.0.0.1:1883";
int boards = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 100;
int workers = args.Length > 3 ? int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture) : new ChunkServerOptions().Workers;
// A fleet of its own per run: retained offers of an earlier run never reach this run's boards.
var fleet = "bench" + Guid.NewGuid().ToString("N")[..6];
int window = args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : new IotStack.Firmware.Ota.OtaOptions().RequestWindow;
var host = endpoint[..endpoint.LastIndexOf(':')];
int port = int.Parse(endpoint[(endpoint.LastIndexOf(':') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
const int ImageBytes = 1024 * 1024;
const int Chunk = 4096;

var dir = Directory.CreateTempSubdirectory("iotstack-ota-bench-").FullName;
using var signer = ReleaseSigner.CreateEphemeral();
var store = new LocalFolderImageStore(dir);
var image = new byte[ImageBytes];
new Random(42).NextBytes(image);
var release = await new ReleasePublisher(store, TimeProvider.System, NullLogger<ReleasePublisher>.Instance)
    .PublishAsync(ReleaseImage.FromFiles([("image.bin", image)]), "1.1.0", "esp32", null, signer, CancellationToken.None);
var catalog = new ReleaseCatalog(store, signer.PublicKey);
var sink = new ConfirmSink();
// The chunk server runs no MQTT client: the tests' stand-in for the gateway's ingress connects it to the broker.
var inbox = new OtaInbox();
// The test harness's broker refuses anonymous clients: its gateway account, when set, for the link.
var account = Environment.GetEnvironmentVariable("IOTSTACK_TEST_MQTT_USER") is { Length: > 0 } user
    ? new IotStack.TestServices.MqttAccount(user, Environment.GetEnvironmentVariable("IOTSTACK_TEST_MQTT_PASSWORD") ?? "")
    : null;
await using var link = new IotStack.Ota.Tests.Support.MqttOtaLink(host, port, account, fleet, inbox);
await link.ConnectAsync(CancellationToken.None);
var offers = new OfferChannel(link, catalog);
await using var server = new ChunkServer(new ChunkServerOptions { Workers = workers }, inbox, link, catalog, new ImageCache(store, new ImageCacheOptions()), sink, NullLogger<ChunkServer>.Instance);
server.Start();

var rows = new List<(string Name, double Seconds, long Bytes)>();

// 1. Bare MQTTnet, device-paced like OTA: request → 4 KB reply → next request.
rows.Add(("bare MQTTnet request/response, 4 KB", await BareRequestResponseAsync(host, port, ImageBytes, Chunk), ImageBytes));

// 2. Bare MQTTnet streaming: 256 QoS 1 publishes of 4 KB, no pacing.
rows.Add(("bare MQTTnet stream, 4 KB QoS 1", await BareStreamAsync(host, port, ImageBytes, Chunk), ImageBytes));

// 3. OTA, one board: one request in flight (round-trip bound), then the configured window.
foreach (int w in window == 1 ? [1] : new[] { 1, window })
{
    using var one = new BenchBoard(fleet, "solo" + w, signer.PublicKey, w);
    await one.StartAsync(host, port);
    var clock = Stopwatch.StartNew();
    await offers.OfferAsync(fleet, one.Id, release, CancellationToken.None);
    await sink.WaitAsync(fleet, [one.Id], TimeSpan.FromMinutes(5));
    rows.Add(($"OTA 1 MB to 1 board, window {w} (offer → confirmed)", clock.Elapsed.TotalSeconds, ImageBytes));
}

// 4. OTA, N boards at once: one request in flight per board, then the window, one after the other in the same run.
foreach (int w in window == 1 ? [1] : new[] { 1, window })
{
    var many = Enumerable.Range(0, boards).Select(i => new BenchBoard(fleet, $"w{w}b{i:D3}", signer.PublicKey, w)).ToList();
    foreach (var b in many)
    {
        await b.StartAsync(host, port);
    }

    var all = Stopwatch.StartNew();
    foreach (var b in many)
    {
        await offers.OfferAsync(fleet, b.Id, release, CancellationToken.None);
    }

    await sink.WaitAsync(fleet, many.Select(b => b.Id).ToList(), TimeSpan.FromMinutes(10));
    rows.Add(($"OTA 1 MB to {boards} boards, window {w} (all confirmed)", all.Elapsed.TotalSeconds, (long)ImageBytes * boards));
    foreach (var b in many)
    {
        b.Dispose();
    }
}

Console.WriteLine($"| run | seconds | MB/s | vs bare request/response |");
Console.WriteLine("|---|---|---|---|");
double baseline = rows[0].Bytes / rows[0].Seconds;
foreach (var (name, seconds, bytes) in rows)
{
    double rate = bytes / seconds;
    Console.WriteLine($"| {name} | {seconds:0.000} | {rate / 1e6:0.00} | {rate / baseline:0.00}× |");
}

Directory.Delete(dir, recursive: true);
return 0;

static async Task<IMqttClient> ConnectAsync(string host, int port, string id)
{
    var c = new MqttClientFactory().CreateMqttClient();
    await c.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer(host, port).WithClientId(id).WithCleanSession().Build());
    return c;
}

static MqttApplicationMessage Message(string topic, byte[] payload) =>
    new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(payload).WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build();

static async Task<double> BareRequestResponseAsync(string host, int port, int total, int chunk)
{
    using var device = await ConnectAsync(host, port, "bench-rr-device");
    using var gateway = await ConnectAsync(host, port, "bench-rr-gateway");
    var payload = new byte[chunk];
    var replies = System.Threading.Channels.Channel.CreateUnbounded<int>();
    gateway.ApplicationMessageReceivedAsync += e =>
    {
        _ = gateway.PublishAsync(Message("bench/rr/chunk", payload));
        return Task.CompletedTask;
    };
    device.ApplicationMessageReceivedAsync += e =>
    {
        replies.Writer.TryWrite((int)e.ApplicationMessage.Payload.Length);
        return Task.CompletedTask;
    };
    await gateway.SubscribeAsync("bench/rr/request", MqttQualityOfServiceLevel.AtLeastOnce);
    await device.SubscribeAsync("bench/rr/chunk", MqttQualityOfServiceLevel.AtLeastOnce);
    var clock = Stopwatch.StartNew();
    for (int got = 0; got < total;)
    {
        _ = device.PublishAsync(Message("bench/rr/request", new byte[12]));
        got += await replies.Reader.ReadAsync();
    }

    return clock.Elapsed.TotalSeconds;
}

static async Task<double> BareStreamAsync(string host, int port, int total, int chunk)
{
    using var device = await ConnectAsync(host, port, "bench-st-device");
    using var gateway = await ConnectAsync(host, port, "bench-st-gateway");
    var done = new TaskCompletionSource();
    long received = 0;
    device.ApplicationMessageReceivedAsync += e =>
    {
        if (Interlocked.Add(ref received, e.ApplicationMessage.Payload.Length) >= total)
        {
            done.TrySetResult();
        }

        return Task.CompletedTask;
    };
    await device.SubscribeAsync("bench/st/chunk", MqttQualityOfServiceLevel.AtLeastOnce);
    var payload = new byte[chunk];
    var clock = Stopwatch.StartNew();
    var sends = new List<Task>();
    for (int sent = 0; sent < total; sent += chunk)
    {
        sends.Add(gateway.PublishAsync(Message("bench/st/chunk", payload)));
    }

    await Task.WhenAll(sends);
    await done.Task.WaitAsync(TimeSpan.FromMinutes(2));
    return clock.Elapsed.TotalSeconds;
}

/// <summary>Completes when boards report Confirmed.</summary>
internal sealed class ConfirmSink : IOtaProgressSink
{
    private readonly ConcurrentDictionary<string, bool> _confirmed = new();

    public void OnProgress(string fleet, string device, OtaProgress progress)
    {
        if (progress.State == OtaState.Confirmed)
        {
            _confirmed[fleet + "/" + device] = true;
        }
        else if (progress.State is OtaState.Failed or OtaState.RolledBack)
        {
            Console.Error.WriteLine($"{device}: {progress.State} {progress.Reason}");
        }
    }

    public async Task WaitAsync(string fleet, IReadOnlyList<string> devices, TimeSpan patience)
    {
        var clock = Stopwatch.StartNew();
        while (devices.Any(d => !_confirmed.ContainsKey(fleet + "/" + d)))
        {
            if (clock.Elapsed > patience)
            {
                throw new TimeoutException("boards did not confirm in time");
            }

            await Task.Delay(5);
        }
    }
}
