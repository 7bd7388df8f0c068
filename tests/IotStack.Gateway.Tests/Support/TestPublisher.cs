using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace IotStack.Gateway.Tests.Support;

/// <summary>An MQTT 5 client that publishes QoS 1 like a board.</summary>
internal sealed class TestPublisher : IAsyncDisposable
{
    private readonly IMqttClient _client = new MqttClientFactory().CreateMqttClient();

    /// <param name="user">Broker user, or null for none (an anonymous connect, which every IotStack broker refuses).</param>
    public static async Task<TestPublisher> ConnectAsync(string host, int port, string? user = null, string? secret = null)
    {
        var publisher = new TestPublisher();
        MqttClientOptionsBuilder builder = new MqttClientOptionsBuilder();
        if (user is not null)
        {
            builder = builder.WithCredentials(user, secret);
        }

        MqttClientOptions options = builder
            .WithTcpServer(host, port)
            .WithClientId("test-pub-" + Guid.NewGuid().ToString("N")[..8])
            .WithProtocolVersion(MqttProtocolVersion.V500)
            .Build();
        await publisher._client.ConnectAsync(options);
        return publisher;
    }

    public async Task PublishAsync(string topic, byte[] payload, bool retain = false)
    {
        MqttApplicationMessage message = new MqttApplicationMessageBuilder()
            .WithTopic(topic)
            .WithPayload(payload)
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .WithRetainFlag(retain)
            .Build();
        await _client.PublishAsync(message);
    }

    public async ValueTask DisposeAsync()
    {
        if (_client.IsConnected)
        {
            await _client.DisconnectAsync();
        }

        _client.Dispose();
    }
}
