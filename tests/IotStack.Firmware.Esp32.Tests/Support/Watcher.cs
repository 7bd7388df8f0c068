using System.Buffers;
using System.Collections.Concurrent;
using MQTTnet;
using IotStack.TestServices;
using MQTTnet.Protocol;

namespace IotStack.Firmware.Esp32.Tests.Support;

/// <summary>An independent MQTT subscriber (MQTTnet) that records what arrives on a filter.</summary>
internal sealed class Watcher : IAsyncDisposable
{
    private readonly IMqttClient client = new MqttClientFactory().CreateMqttClient();

    public ConcurrentQueue<(string Topic, byte[] Payload, bool Retain)> Messages { get; } = new();

    /// <summary>Subscribes to the shared Mosquitto with the gateway's rights.</summary>
    public static Task<Watcher> StartAsync(string filter) =>
        StartAsync(ServiceEndpoints.Mosquitto.Host, ServiceEndpoints.Mosquitto.Port, ServiceEndpoints.MosquittoAccount, filter);

    public static async Task<Watcher> StartAsync(string host, int port, MqttAccount account, string filter)
    {
        var watcher = new Watcher();
        watcher.client.ApplicationMessageReceivedAsync += e =>
        {
            watcher.Messages.Enqueue((e.ApplicationMessage.Topic, e.ApplicationMessage.Payload.ToArray(), e.ApplicationMessage.Retain));
            return Task.CompletedTask;
        };
        await watcher.client.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer(host, port).WithCredentials(account.User, account.Password).WithClientId("watch-" + Guid.NewGuid().ToString("N")).Build());
        await watcher.client.SubscribeAsync(new MqttClientSubscribeOptionsBuilder().WithTopicFilter(filter, MqttQualityOfServiceLevel.AtLeastOnce).Build());
        return watcher;
    }

    /// <summary>Waits (bounded, generous for a loaded machine) until a message matches.</summary>
    public async Task<bool> WaitForAsync(Func<(string Topic, byte[] Payload, bool Retain), bool> match, TimeSpan limit)
    {
        using var timeout = new CancellationTokenSource(limit);
        while (!timeout.IsCancellationRequested)
        {
            if (Messages.Any(match))
            {
                return true;
            }

            await Task.Delay(20, CancellationToken.None);
        }

        return Messages.Any(match);
    }

    public Task PublishAsync(string topic, byte[] payload) =>
        client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(payload)
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build());

    public async ValueTask DisposeAsync()
    {
        if (client.IsConnected)
        {
            await client.DisconnectAsync();
        }

        client.Dispose();
    }
}
