using System.Buffers;
using IotStack.Ota.Delivery;
using IotStack.Protocol;
using IotStack.TestServices;
using MQTTnet;
using MQTTnet.Protocol;

namespace IotStack.Ota.Tests.Support;

/// <summary>
/// Stands in for the gateway's MQTT ingress when the OTA module is tested on its own: one MQTTnet client that posts a
/// fleet's chunk requests and progress reports to the <see cref="OtaInbox"/> and publishes offers and chunks, and
/// reconnects after the broker comes back. The gateway's own path (GatewayMqttClient, OtaRoute) is tested in
/// IotStack.Gateway.Tests.
/// </summary>
internal sealed class MqttOtaLink : IDevicePublisher, IAsyncDisposable
{
    private readonly IMqttClient _client = new MqttClientFactory().CreateMqttClient();
    private readonly CancellationTokenSource _stop = new();
    private readonly string _host;
    private readonly int _port;
    private readonly MqttAccount? _account;
    private readonly string _fleet;
    private readonly OtaInbox _inbox;

    /// <param name="account">The gateway's rights: it publishes offers and chunks and reads every board's requests (null: anonymous, a bench's broker).</param>
    public MqttOtaLink(string host, int port, MqttAccount? account, string fleet, OtaInbox inbox)
    {
        _host = host;
        _port = port;
        _account = account;
        _fleet = fleet;
        _inbox = inbox;
        _client.ApplicationMessageReceivedAsync += e =>
        {
            TopicKind kind = DeviceTopics.Parse(e.ApplicationMessage.Topic, out string fleetId, out string device);
            _inbox.Post(new OtaMessage(kind, fleetId, device, e.ApplicationMessage.Payload.ToArray()));
            return Task.CompletedTask;
        };
        _client.DisconnectedAsync += OnDisconnectedAsync;
    }

    public async Task ConnectAsync(CancellationToken cancellationToken)
    {
        await _client.ConnectAsync(new MqttClientOptionsBuilder()
            .WithTcpServer(_host, _port)
            .WithCredentials(_account?.User, _account?.Password)
            .WithClientId("ota-link-" + _fleet)
            .WithProtocolVersion(MQTTnet.Formatter.MqttProtocolVersion.V500)
            .WithCleanSession()
            .Build(), cancellationToken);
        var subscribe = new MqttClientSubscribeOptionsBuilder();
        foreach (TopicKind kind in OtaInbox.Kinds)
        {
            subscribe.WithTopicFilter($"{DeviceTopics.Root}/{_fleet}/+/{DeviceTopics.Suffix(kind)}", MqttQualityOfServiceLevel.AtLeastOnce);
        }

        await _client.SubscribeAsync(subscribe.Build(), cancellationToken);
    }

    public async Task<bool> PublishAsync(string topic, ReadOnlyMemory<byte> payload, bool retain, CancellationToken cancellationToken)
    {
        if (!_client.IsConnected)
        {
            return false;
        }

        try
        {
            var result = await _client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(payload.ToArray())
                .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).WithRetainFlag(retain).Build(), cancellationToken);
            return result.IsSuccess;
        }
        catch (Exception e) when (e is MQTTnet.Exceptions.MqttCommunicationException or InvalidOperationException)
        {
            return false;
        }
    }

    private async Task OnDisconnectedAsync(MqttClientDisconnectedEventArgs e)
    {
        while (!_stop.IsCancellationRequested && !_client.IsConnected)
        {
            try
            {
                await Task.Delay(200, _stop.Token);
                await ConnectAsync(_stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (Exception ex) when (ex is MQTTnet.Exceptions.MqttCommunicationException or InvalidOperationException)
            {
                // The broker is still down: try again.
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_client.IsConnected)
        {
            await _client.DisconnectAsync();
        }

        _client.Dispose();
        _stop.Dispose();
    }
}
