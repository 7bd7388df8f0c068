using System.Buffers;
using IotStack.Gateway.Broker;
using IotStack.Gateway.Broker.Access;
using IotStack.Gateway.Ingest;
using IotStack.Gateway.Options;
using IotStack.Protocol;
using Microsoft.Extensions.Logging;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;
using LogLevel = Microsoft.Extensions.Logging.LogLevel;

namespace IotStack.Gateway.Cluster;

/// <summary>
/// The owner's MQTT session of one partition: client id <see cref="OwnershipTopics.ClientId"/> (the same on every
/// gateway), clean start off and a session expiry, subscribed to the partition's forwarded traffic. Its messages go
/// into the ingest queue with their device topic and are acknowledged after their commit, like the gateway's own
/// (<see cref="GatewayMqttClient"/>): while no gateway owns the partition the broker keeps them for the session, and
/// the next owner to connect with the same id receives them, in order. A gateway that lost the partition without
/// noticing is disconnected by the broker when the next owner connects (session take-over, MQTT 5 §3.1.4).
/// </summary>
internal sealed partial class PartitionSession : IInboundAcknowledger, IAsyncDisposable
{
    private readonly int _partition;
    private readonly string _prefix;
    private readonly string _clientId;
    private readonly IngestQueue _queue;
    private readonly BrokerConnection _broker;
    private readonly BrokerOptions _options;
    private readonly GatewayMqttCredentials _credentials;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly IMqttClient _client;
    private readonly CancellationTokenSource _stop = new();
    private readonly Dictionary<string, TopicInfo> _topics = new(StringComparer.Ordinal);
    private Task _loop = Task.CompletedTask;

    public PartitionSession(int partition, IngestQueue queue, BrokerConnection broker, BrokerOptions options, GatewayMqttCredentials credentials, TimeProvider time, ILogger logger)
    {
        _partition = partition;
        _prefix = OwnershipTopics.Prefix(options.SharedGroup, partition);
        _clientId = OwnershipTopics.ClientId(options.SharedGroup, partition);
        _queue = queue;
        _broker = broker;
        _options = options;
        _credentials = credentials;
        _time = time;
        _logger = logger;
        _client = new MqttClientFactory().CreateMqttClient();
        _client.ApplicationMessageReceivedAsync += OnMessageAsync;
    }

    public bool IsConnected => _client.IsConnected;

    /// <summary>Connects (the first attempt awaited, so the caller sees a refusal) and keeps reconnecting until stopped.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await ConnectAsync(cancellationToken).ConfigureAwait(false);
        _loop = KeepConnectedAsync(_stop.Token);
    }

    private async Task KeepConnectedAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(_options.ReconnectDelay, _time, stoppingToken).ConfigureAwait(false);
                if (!_client.IsConnected)
                {
                    await ConnectAsync(stoppingToken).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                LogConnectFailed(_partition, ex.Message);
            }
        }
    }

    private async Task ConnectAsync(CancellationToken cancellationToken)
    {
        MqttClientOptionsBuilder builder = _broker.CreateOptions()
            .WithClientId(_clientId)
            .WithProtocolVersion(MqttProtocolVersion.V500)
            .WithCleanStart(false)
            .WithSessionExpiryInterval((uint)_options.SessionExpirySeconds)
            .WithReceiveMaximum((ushort)_options.ReceiveMaximum)
            .WithKeepAlivePeriod(TimeSpan.FromSeconds(15));
        MqttClientConnectResult result = await _client.ConnectAsync(_credentials.Apply(builder).Build(), cancellationToken).ConfigureAwait(false);
        MqttClientSubscribeOptions subscribe = new MqttClientFactory().CreateSubscribeOptionsBuilder()
            .WithTopicFilter(f => f.WithTopic(OwnershipTopics.Filter(_options.SharedGroup, _partition)).WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce))
            .Build();
        await _client.SubscribeAsync(subscribe, cancellationToken).ConfigureAwait(false);
        LogConnected(_partition, _clientId, result.IsSessionPresent);
    }

    private async Task OnMessageAsync(MqttApplicationMessageReceivedEventArgs e)
    {
        MqttApplicationMessage message = e.ApplicationMessage;
        TopicInfo? topic = Parse(message.Topic);
        if (topic is null)
        {
            return; // not ours (a filter this session never asked for): acknowledged and dropped
        }

        e.AutoAcknowledge = false;
        await _queue.EnqueueAsync(_queue.Copy(topic, message.Payload, _time.GetUtcNow().ToUnixTimeMilliseconds(), this, e), _stop.Token).ConfigureAwait(false);
    }

    private TopicInfo? Parse(string forwarded)
    {
        if (_topics.TryGetValue(forwarded, out TopicInfo? info))
        {
            return info;
        }

        if (OwnershipTopics.DeviceTopic(forwarded, _prefix) is not { } topic)
        {
            return null;
        }

        TopicKind kind = DeviceTopics.Parse(topic, out string fleet, out string device);
        info = new TopicInfo(topic, kind, fleet, device);
        if (_topics.Count < 100_000)
        {
            _topics[forwarded] = info;
        }

        return info;
    }

    public ValueTask AcknowledgeAsync(object state, CancellationToken cancellationToken) =>
        new(((MqttApplicationMessageReceivedEventArgs)state).AcknowledgeAsync(cancellationToken));

    /// <summary>Disconnects normally: the broker keeps the session (its expiry) for the next owner.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
        try
        {
            if (_client.IsConnected)
            {
                await _client.DisconnectAsync(new MqttClientDisconnectOptionsBuilder().WithReason(MqttClientDisconnectOptionsReason.NormalDisconnection).Build()).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            LogDisconnectFailed(_partition, ex.Message);
        }

        _client.Dispose();
        _stop.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Partition {Partition}: MQTT session {ClientId} connected (session present: {SessionPresent})")]
    private partial void LogConnected(int partition, string clientId, bool sessionPresent);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Partition {Partition}: MQTT connect failed ({Reason}); retrying")]
    private partial void LogConnectFailed(int partition, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Partition {Partition}: disconnect failed ({Reason})")]
    private partial void LogDisconnectFailed(int partition, string reason);
}
