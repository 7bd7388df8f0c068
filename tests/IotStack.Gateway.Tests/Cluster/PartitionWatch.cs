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
/// cluster group may come before it). QoS 0: it only watches, and costs the broker no queue.
/// </summary>
internal sealed class PartitionWatch : IAsyncDisposable
{
    /// <summary>Where a gateway republishes a board's message for the owner of its partition (docs/scale.md).</summary>
    public const string OwnTopicPrefix = "iotstack/own/";

    private readonly IMqttClient _client;
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<int, bool>> _seen = new(StringComparer.Ordinal);

    private string _fleet = "";

    private PartitionWatch(IMqttClient client) => _client = client;

    public static async Task<PartitionWatch> StartAsync(PrivateMosquitto broker, string fleet)
    {
        IMqttClient client = new MqttClientFactory().CreateMqttClient();
        var watch = new PartitionWatch(client);
        client.ApplicationMessageReceivedAsync += e =>
        {
            watch.Saw(e.ApplicationMessage.Topic);
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

    public async ValueTask DisposeAsync()
    {
        if (_client.IsConnected)
        {
            await _client.DisconnectAsync();
        }

        _client.Dispose();
    }

    private void Saw(string topic)
    {
        // …/{p}/iot/{fleet}/{device}/telemetry: the partition is the segment before the device topic.
        string[] parts = topic.Split('/');
        int root = parts.Length - 4;
        if (root >= 1 && parts[root] == DeviceTopics.Root && parts[root + 1] == _fleet && parts[root + 3] == "telemetry"
            && int.TryParse(parts[root - 1], NumberStyles.None, CultureInfo.InvariantCulture, out int partition))
        {
            _seen.GetOrAdd(parts[root + 2], _ => new ConcurrentDictionary<int, bool>())[partition] = true;
        }
    }
}
