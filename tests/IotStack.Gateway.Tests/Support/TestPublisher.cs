using IotStack.TestServices;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace IotStack.Gateway.Tests.Support;

/// <summary>An MQTT 5 client that publishes QoS 1 like a board.</summary>
internal sealed class TestPublisher : IAsyncDisposable
{
    private readonly IMqttClient _client = new MqttClientFactory().CreateMqttClient();

    /// <summary>Connects with a test broker's account (<see cref="ServiceEndpoints.MosquittoBoardAccount"/>, <see cref="PrivateMosquitto.Account"/>, …).</summary>
    public static Task<TestPublisher> ConnectAsync(string host, int port, MqttAccount account) => ConnectAsync(host, port, account.User, account.Password);

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
        MqttClientPublishResult result = await _client.PublishAsync(message);
        // An ACL refusal (0x87) would otherwise pass for a delivery and surface only as a missing message later.
        if (result.ReasonCode is not (MqttClientPublishReasonCode.Success or MqttClientPublishReasonCode.NoMatchingSubscribers))
        {
            throw new InvalidOperationException($"publish to {topic} refused: {result.ReasonCode}");
        }
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
