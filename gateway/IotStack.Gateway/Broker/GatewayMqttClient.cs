using System.Buffers;
using IotStack.Gateway.Broker.Access;
using IotStack.Gateway.Ingest;
using IotStack.Gateway.Options;
using IotStack.Gateway.Resilience;
using IotStack.Ota.Delivery;
using IotStack.Protocol;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using LogLevel = Microsoft.Extensions.Logging.LogLevel;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace IotStack.Gateway.Broker;

/// <summary>
/// The gateway's one MQTT connection, the same code for the embedded and an external broker: MQTT 5,
/// persistent session (clean start off, session expiry set: MQTT 5 §3.1.2.4, §3.1.2.11.2) and manual
/// acknowledgement, so a QoS 1 message is acknowledged only after the ingest writer stored it.
/// With a shared group, several gateways split the fleet (MQTT 5 §4.8.2). With an external broker the client id has
/// one owner at a time (<see cref="ClientIdLease"/>): a second gateway with the same id refuses to start.
/// It is the one way in for MQTT: ingest's kinds (telemetry, findings, logs, status, command replies) go to the
/// ingest queue and are acknowledged after their commit; the kinds a module owns (<see cref="IMqttRoute"/>, e.g. OTA's
/// chunk requests) go to that module. Everything the gateway sends to boards goes out here too
/// (<see cref="IMqttPublisher"/>, OTA's <see cref="IDevicePublisher"/>).
/// </summary>
internal sealed partial class GatewayMqttClient : BackgroundService, IMqttPublisher, IDevicePublisher, IInboundAcknowledger
{
    private static readonly TopicKind[] Subscribed =
        [TopicKind.Telemetry, TopicKind.Finding, TopicKind.Log, TopicKind.Status, TopicKind.CommandReply];

    private const int MaxCachedTopics = 100_000;

    private readonly IMqttClient _client;
    private readonly IngestQueue _queue;
    private readonly BrokerEndpoint _endpoint;
    private readonly BrokerOptions _options;
    private readonly GatewayMqttCredentials _credentials;
    private readonly TimeProvider _time;
    private readonly ILogger<GatewayMqttClient> _logger;
    private readonly Dictionary<string, TopicInfo> _topics = new(StringComparer.Ordinal);
    private readonly IMqttRoute[] _routeList;
    private readonly IMqttRoute?[] _routes = new IMqttRoute?[(int)Enum.GetValues<TopicKind>().Max() + 1];
    private readonly IHostApplicationLifetime? _lifetime;
    private readonly DependencyHealth? _health;
    private readonly string _instance = Guid.NewGuid().ToString("N")[..12];
    private readonly bool _leased;
    private DateTimeOffset _leaseRenewed;
    private volatile bool _refused;
    private bool _probed;
    private bool _probeFailed;
    private CancellationToken _stopping;

    public GatewayMqttClient(IngestQueue queue, BrokerEndpoint endpoint, IOptions<GatewayOptions> options, TimeProvider time, ILogger<GatewayMqttClient> logger,
        IHostApplicationLifetime? lifetime = null, DependencyHealth? health = null, IEnumerable<IMqttRoute>? routes = null, GatewayMqttCredentials? credentials = null)
    {
        _credentials = credentials ?? new GatewayMqttCredentials(options);
        _queue = queue;
        _routeList = routes?.ToArray() ?? [];
        foreach (IMqttRoute route in _routeList)
        {
            foreach (TopicKind kind in route.Kinds)
            {
                if (Array.IndexOf(Subscribed, kind) >= 0 || _routes[(int)kind] is not null)
                {
                    throw new InvalidOperationException($"MQTT topic kind {kind} has two owners.");
                }

                _routes[(int)kind] = route;
            }
        }

        _endpoint = endpoint;
        _options = options.Value.Broker;
        _partitions = options.Value.Cluster.Partitions;
        _time = time;
        _logger = logger;
        _lifetime = lifetime;
        _health = health;
        // The embedded broker lives and dies with this process: a second one cannot bind its port anyway.
        _leased = _options.Mode == BrokerMode.External;
        _client = new MqttClientFactory().CreateMqttClient();
        _client.ApplicationMessageReceivedAsync += OnMessageAsync;
        _client.DisconnectedAsync += OnDisconnectedAsync;
    }

    /// <summary>The filters a gateway's session takes ingest's kinds with (shared when the fleet is split between gateways).</summary>
    public static IEnumerable<string> IngestFilters(BrokerOptions options) => Subscribed.Select(kind => options.SharedGroup.Length > 0
        ? DeviceTopics.SharedGatewayFilter(options.SharedGroup, kind)
        : DeviceTopics.GatewayFilter(kind));

    /// <summary>Exit code of a gateway that refused to run because another owns its client id.</summary>
    public const int ClientIdInUseExitCode = 3;

    /// <summary>Refuses to start while another gateway holds this client id's lease; an unreachable broker is retried later.</summary>
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        if (_leased && await FindOtherOwnerAsync(await _endpoint.WaitConnectionAsync(cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false) is { } owner)
        {
            throw new ClientIdInUseException(InUseMessage(owner));
        }

        _probed = _leased && !_probeFailed;
        await base.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        if (_client.IsConnected)
        {
            try
            {
                if (_leased && !_refused)
                {
                    await PublishAsync(ClientIdLease.Topic(_options.ClientId), ReadOnlyMemory<byte>.Empty, retain: true, cancellationToken).ConfigureAwait(false);
                }

                // A normal DISCONNECT: the session (and what it holds unacknowledged) stays; the will is not sent.
                await _client.DisconnectAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogPublishFailed(ClientIdLease.Topic(_options.ClientId), ex.Message);
            }
        }
    }

    private string InUseMessage(string owner) =>
        $"MQTT client id '{_options.ClientId}' is in use by another gateway ({owner}); refusing to start. Give each gateway its own IotStack:Broker:ClientId.";

    private async Task<string?> FindOtherOwnerAsync(BrokerConnection broker, CancellationToken cancellationToken)
    {
        try
        {
            return await ClientIdLease.FindOtherOwnerAsync(broker, _options.ClientId, _instance, _time, _credentials, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // The broker is not there yet: nobody can hold the session right now; the connect loop probes again.
            LogConnectFailed(broker.ToString(), ex.Message);
            _probeFailed = true;
            return null;
        }
    }

    private void Refuse(string message)
    {
        if (_refused)
        {
            return;
        }

        _refused = true;
        LogRefused(message);
        Environment.ExitCode = ClientIdInUseExitCode;
        _lifetime?.StopApplication();
    }

    private Task OnDisconnectedAsync(MqttClientDisconnectedEventArgs e)
    {
        _health?.Down(DependencyHealth.Broker, $"MQTT disconnected ({e.Reason})");
        if (e.Reason == MqttClientDisconnectReason.SessionTakenOver && _leased && !_stopping.IsCancellationRequested)
        {
            // Both started in the same instant and missed each other's lease: the newer one has the session; taking it
            // back would only swap it again (MQTT 5 §3.1.4, reason 0x8E).
            Refuse($"MQTT client id '{_options.ClientId}' was taken over by another gateway with the same id; stopping. Give each gateway its own IotStack:Broker:ClientId.");
        }

        return Task.CompletedTask;
    }

    public bool IsConnected => _client.IsConnected;

    /// <summary>Connected and subscribed: from here on nothing published to the fleet's topics is missed.</summary>
    public bool IsReady => _client.IsConnected && Volatile.Read(ref _subscribed);

    private bool _subscribed;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        _stopping = stoppingToken;
        _forwarding = _partitions > 0 ? ForwardLoopAsync(stoppingToken) : Task.CompletedTask;
        BrokerConnection broker = await _endpoint.WaitConnectionAsync(stoppingToken).ConfigureAwait(false);
        while (!stoppingToken.IsCancellationRequested && !_refused)
        {
            if (!_client.IsConnected)
            {
                await TryConnectAsync(broker, stoppingToken).ConfigureAwait(false);
            }
            else if (_leased && _time.GetUtcNow() - _leaseRenewed >= ClientIdLease.RenewEvery)
            {
                await RenewLeaseAsync(stoppingToken).ConfigureAwait(false);
            }

            await Task.Delay(_options.ReconnectDelay, _time, stoppingToken).ConfigureAwait(false);
        }
    }

    private async Task TryConnectAsync(BrokerConnection broker, CancellationToken cancellationToken)
    {
        // Probed at start already (the first connect follows right away); every reconnect probes again.
        bool probed = _probed;
        _probed = false;
        if (_leased && !probed && await FindOtherOwnerAsync(broker, cancellationToken).ConfigureAwait(false) is { } owner)
        {
            Refuse(InUseMessage(owner));
            return;
        }

        MqttClientOptionsBuilder builder = broker.CreateOptions()
            .WithClientId(_options.ClientId)
            .WithProtocolVersion(MqttProtocolVersion.V500)
            .WithCleanStart(false)
            .WithSessionExpiryInterval((uint)_options.SessionExpirySeconds)
            .WithReceiveMaximum((ushort)_options.ReceiveMaximum)
            .WithKeepAlivePeriod(TimeSpan.FromSeconds(15));
        builder = _credentials.Apply(builder);
        if (_leased)
        {
            // The broker clears the lease the moment this connection drops without a DISCONNECT (MQTT 5 §3.1.2.5):
            // an empty retained message deletes the retained lease (§3.3.1.3).
            builder = builder
                .WithWillTopic(ClientIdLease.Topic(_options.ClientId))
                .WithWillPayload(Array.Empty<byte>())
                .WithWillRetain(true)
                .WithWillQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce);
        }

        MqttClientOptions options = builder.Build();
        try
        {
            Volatile.Write(ref _subscribed, false);
            MqttClientConnectResult result = await _client.ConnectAsync(options, cancellationToken).ConfigureAwait(false);
            // Subscriptions are part of the session; subscribing again when it is present is harmless.
            MqttClientSubscribeOptionsBuilder subscribe = new MqttClientFactory().CreateSubscribeOptionsBuilder();
            foreach (string filter in IngestFilters(_options))
            {
                subscribe.WithTopicFilter(f => f.WithTopic(filter).WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce));
            }

            foreach (IMqttRoute route in _routeList)
            {
                foreach (TopicKind kind in route.Kinds)
                {
                    string filter = $"{DeviceTopics.Root}/{route.Fleet}/+/{DeviceTopics.Suffix(kind)}";
                    subscribe.WithTopicFilter(f => f.WithTopic(filter).WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce));
                }
            }

            await _client.SubscribeAsync(subscribe.Build(), cancellationToken).ConfigureAwait(false);
            Volatile.Write(ref _subscribed, true);
            if (_leased)
            {
                await RenewLeaseAsync(cancellationToken).ConfigureAwait(false);
            }

            _health?.Succeeded(DependencyHealth.Broker);
            LogConnected(broker.ToString(), _options.ClientId, result.IsSessionPresent);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            _health?.Down(DependencyHealth.Broker, $"MQTT connect to {broker} failed: {ex.Message}");
            LogConnectFailed(broker.ToString(), ex.Message);
        }
    }

    private async Task RenewLeaseAsync(CancellationToken cancellationToken)
    {
        DateTimeOffset now = _time.GetUtcNow();
        if (await PublishAsync(ClientIdLease.Topic(_options.ClientId), ClientIdLease.Payload(_instance, now), retain: true, cancellationToken).ConfigureAwait(false))
        {
            _leaseRenewed = now;
        }
    }

    private async Task OnMessageAsync(MqttApplicationMessageReceivedEventArgs e)
    {
        MqttApplicationMessage message = e.ApplicationMessage;
        TopicInfo topic = Parse(message.Topic);
        if ((uint)topic.Kind < (uint)_routes.Length && _routes[(int)topic.Kind] is { } route)
        {
            // A module's kind: handed over without waiting and acknowledged on return (nothing to store).
            route.Receive(topic, message.Payload);
            return;
        }

        if (_partitions > 0 && topic.DeviceId is not null)
        {
            // Device ownership: the device's owner processes it (GatewayMqttClient.Forward.cs).
            await ForwardAsync(topic, e).ConfigureAwait(false);
            return;
        }

        // Acknowledged by the ingest writer after the commit, never here.
        e.AutoAcknowledge = false;
        await _queue.EnqueueAsync(_queue.Copy(topic, message.Payload, _time.GetUtcNow().ToUnixTimeMilliseconds(), this, e), _stopping).ConfigureAwait(false);
    }

    public ValueTask AcknowledgeAsync(object state, CancellationToken cancellationToken) =>
        new(((MqttApplicationMessageReceivedEventArgs)state).AcknowledgeAsync(cancellationToken));

    private TopicInfo Parse(string topic)
    {
        if (_topics.TryGetValue(topic, out TopicInfo? info))
        {
            return info;
        }

        TopicKind kind = DeviceTopics.Parse(topic, out string fleet, out string device);
        info = new TopicInfo(topic, kind, fleet, device);
        if (_topics.Count < MaxCachedTopics)
        {
            _topics[topic] = info;
        }

        return info;
    }

    public async Task<bool> PublishAsync(string topic, ReadOnlyMemory<byte> payload, bool retain, CancellationToken cancellationToken)
    {
        if (!_client.IsConnected)
        {
            return false;
        }

        MqttApplicationMessage message = new MqttApplicationMessageBuilder()
            .WithTopic(topic)
            .WithPayload(payload.ToArray())
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .WithRetainFlag(retain)
            .Build();
        try
        {
            MqttClientPublishResult result = await _client.PublishAsync(message, cancellationToken).ConfigureAwait(false);
            return result.IsSuccess;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogPublishFailed(topic, ex.Message);
            return false;
        }
    }

    public override void Dispose()
    {
        _client.Dispose();
        base.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "MQTT connected to {Broker} as {ClientId} (session present: {SessionPresent})")]
    private partial void LogConnected(string broker, string clientId, bool sessionPresent);

    [LoggerMessage(Level = LogLevel.Warning, Message = "MQTT connect to {Broker} failed: {Reason}; retrying")]
    private partial void LogConnectFailed(string broker, string reason);

    [LoggerMessage(Level = LogLevel.Critical, Message = "{Message}")]
    private partial void LogRefused(string message);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Publish to {Topic} failed: {Reason}")]
    private partial void LogPublishFailed(string topic, string reason);
}
