using System.Buffers;
using System.Collections.Concurrent;
using MQTTnet;
using MQTTnet.Protocol;

namespace IotStack.Gateway.Tests.Broker.Access;

/// <summary>An MQTT client that records what arrives on its filters, in order (QoS 1 throughout).</summary>
internal sealed class RecordingMqttClient : IAsyncDisposable
{
    private readonly IMqttClient _client = new MqttClientFactory().CreateMqttClient();

    public ConcurrentQueue<(string Topic, byte[] Payload)> Messages { get; } = new();

    public IEnumerable<string> Topics => Messages.Select(m => m.Topic);

    public bool IsConnected => _client.IsConnected;

    public static async Task<RecordingMqttClient> ConnectAsync(MqttClientOptions options, params string[] filters)
    {
        var client = new RecordingMqttClient();
        client._client.ApplicationMessageReceivedAsync += e =>
        {
            client.Messages.Enqueue((e.ApplicationMessage.Topic, e.ApplicationMessage.Payload.ToArray()));
            return Task.CompletedTask;
        };
        await client._client.ConnectAsync(options);
        if (filters.Length > 0)
        {
            MqttClientSubscribeOptionsBuilder subscribe = new();
            foreach (string filter in filters)
            {
                subscribe.WithTopicFilter(filter, MqttQualityOfServiceLevel.AtLeastOnce);
            }

            await client._client.SubscribeAsync(subscribe.Build());
        }

        return client;
    }

    public Task<MqttClientPublishResult> PublishAsync(string topic, byte[] payload, bool retain) =>
        _client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(payload)
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).WithRetainFlag(retain).Build());

    public async ValueTask DisposeAsync()
    {
        if (_client.IsConnected)
        {
            await _client.DisconnectAsync();
        }

        _client.Dispose();
    }
}
