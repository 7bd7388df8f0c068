using System.Buffers;
using System.Collections.Concurrent;
using System.Globalization;
using IotStack.Gateway.Tests.Support;
using IotStack.Protocol;
using IotStack.TestServices;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace IotStack.Gateway.Tests.Cluster;

/// <summary>
/// Which partition each board's traffic goes to, seen from outside the gateways: a plain (not shared) subscription
/// with the gateway account to the ownership topics the receiving gateway republishes to,
/// <c>{OwnTopicPrefix}…/{p}/iot/{fleet}/{device}/telemetry</c> (the device's topic kept whole after the partition; a
/// cluster group may come before it). QoS 0: it only watches, and costs the broker no queue. The broker hands a
/// topic's messages to every subscriber in the order it took them, so what the watch sees arrive is what the owner's
/// session gets: <see cref="Overtaken"/> counts batches that came after a later batch of the same board.
/// </summary>
internal sealed class PartitionWatch : IAsyncDisposable
{
    /// <summary>Where a gateway republishes a board's message for the owner of its partition (docs/scale.md).</summary>
    public const string OwnTopicPrefix = "iotstack/own/";

    private readonly IMqttClient _client;
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<int, bool>> _seen = new(StringComparer.Ordinal);

    private readonly ConcurrentDictionary<string, uint> _newest = new(StringComparer.Ordinal);
    private string _fleet = "";
    private long _watched;
    private long _overtaken;

    private PartitionWatch(IMqttClient client) => _client = client;

    public static async Task<PartitionWatch> StartAsync(PrivateMosquitto broker, string fleet)
    {
        IMqttClient client = new MqttClientFactory().CreateMqttClient();
        var watch = new PartitionWatch(client);
        client.ApplicationMessageReceivedAsync += e =>
        {
            watch.Saw(e.ApplicationMessage.Topic, e.ApplicationMessage.Payload.ToArray());
            return Task.CompletedTask;
        };
        await client.ConnectAsync(new MqttClientOptionsBuilder()
            .WithTcpServer(broker.Host, broker.Port)
            .WithCredentials(broker.Account.User, broker.Account.Password)
            .WithClientId("partition-watch-" + Guid.NewGuid().ToString("N")[..8])
            .WithProtocolVersion(MqttProtocolVersion.V500)
            .WithCleanStart(true)
            .Build());
        watch._fleet = fleet;
        await client.SubscribeAsync(OwnTopicPrefix + "#", MqttQualityOfServiceLevel.AtMostOnce);
        return watch;
    }

    /// <summary>
    /// Waits until every one of <paramref name="devices"/> was seen, then returns device → partition. Fails when a
    /// device was seen under two partitions (the hash must be stable) or outside 0..<paramref name="partitions"/>-1.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, int>> MapAsync(IEnumerable<string> devices, int partitions, int seconds)
    {
        List<string> all = devices.ToList();
        await Eventually.TrueAsync(() => Task.FromResult(all.All(_seen.ContainsKey)),
            $"every board's telemetry republished under {OwnTopicPrefix}{{p}}/", seconds);
        var map = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (string device in all)
        {
            int[] seen = _seen[device].Keys.Order().ToArray();
            Assert.True(seen.Length == 1, $"{device} was republished to partitions {string.Join(", ", seen)}: a device must map to one");
            Assert.InRange(seen[0], 0, partitions - 1);
            map[device] = seen[0];
        }

        return map;
    }

    /// <summary>Telemetry batches seen on the ownership topics.</summary>
    public long Watched => Interlocked.Read(ref _watched);

    /// <summary>Batches that reached their partition's topic after a later batch of the same board (out of order for the owner).</summary>
    public long Overtaken => Interlocked.Read(ref _overtaken);

    public async ValueTask DisposeAsync()
    {
        if (_client.IsConnected)
        {
            await _client.DisconnectAsync();
        }

        _client.Dispose();
    }

    private void Saw(string topic, byte[] payload)
    {
        // …/{p}/iot/{fleet}/{device}/telemetry: the partition is the segment before the device topic.
        string[] parts = topic.Split('/');
        int root = parts.Length - 4;
        if (root >= 1 && parts[root] == DeviceTopics.Root && parts[root + 1] == _fleet && parts[root + 3] == "telemetry"
            && int.TryParse(parts[root - 1], NumberStyles.None, CultureInfo.InvariantCulture, out int partition))
        {
            string device = parts[root + 2];
            _seen.GetOrAdd(device, _ => new ConcurrentDictionary<int, bool>())[partition] = true;
            var batch = new TelemetryBatch();
            if (batch.ReadFrom(payload, 0, payload.Length) == DecodeStatus.Ok)
            {
                // One MQTTnet client delivers its messages one at a time: no race on a board's newest sequence.
                Interlocked.Increment(ref _watched);
                if (_newest.TryGetValue(device, out uint newest) && batch.Sequence < newest)
                {
                    Interlocked.Increment(ref _overtaken);
                }
                else
                {
                    _newest[device] = batch.Sequence;
                }
            }
        }
    }
}
