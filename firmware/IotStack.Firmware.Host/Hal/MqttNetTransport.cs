using System.Buffers;
using IotStack.Firmware.Hal;
using IotStack.Firmware.Host.Faults;
using MQTTnet;
using MQTTnet.Protocol;

namespace IotStack.Firmware.Host.Hal;

/// <summary>
/// <see cref="IMqttTransport"/> over MQTTnet 5: MQTT 3.1.1 with a persistent session (clean session off, so the
/// broker keeps the board's subscriptions and queues its QoS 1 commands while it is away), a retained QoS 1 will,
/// and every call bounded by <see cref="TransportOptions"/>. The connection only counts as up once
/// <see cref="Connect"/> has said so, so the core always subscribes after a connect it saw.
/// An injected outage (<see cref="DeviceFaults.InOutage"/>) cuts the socket without DISCONNECT, so the broker sends
/// the will as after a real network loss, and refuses to reconnect until the outage ends.
/// As an <see cref="IClaimTransport"/> (a board claiming its credential) it connects once, clean, without a will and
/// under the enrolment token, waiting for the CONNACK up to <see cref="TransportOptions.ConnectTimeout"/>.
/// </summary>
internal sealed class MqttNetTransport : IMqttTransport, IClaimTransport, IDisposable
{
    private readonly MqttClientFactory _factory;
    private readonly string _host;
    private readonly int _port;
    private readonly TransportOptions _options;
    private readonly DeviceFaults _faults;
    private readonly TransportCounters _counters;
    private readonly BrokerCredential? _credential;
    private readonly List<(string Filter, IMessageSink Sink)> _sinks = [];
    private readonly object _gate = new();
    private IMqttClient _client;
    private Task<bool>? _connecting;
    private volatile bool _established;
    private bool _disposed;

    public MqttNetTransport(MqttClientFactory factory, string host, int port, TransportOptions options, DeviceFaults faults, TransportCounters counters, BrokerCredential? credential = null)
    {
        _credential = credential;
        _factory = factory ?? throw new ArgumentNullException(nameof(factory));
        _host = host ?? throw new ArgumentNullException(nameof(host));
        _port = port;
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _faults = faults ?? throw new ArgumentNullException(nameof(faults));
        _counters = counters ?? throw new ArgumentNullException(nameof(counters));
        _client = NewClient();
    }

    public bool IsConnected
    {
        get
        {
            if (!_established)
            {
                return false;
            }

            if (_faults.InOutage)
            {
                Cut();
                return false;
            }

            return _client.IsConnected;
        }
    }

    public bool Connect(string clientId, string willTopic, byte[] willPayload, int willLength)
    {
        ArgumentException.ThrowIfNullOrEmpty(clientId);
        Task<bool> attempt;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_faults.InOutage)
            {
                _counters.ConnectFailed();
                return false;
            }

            if (_established && _client.IsConnected)
            {
                return true;
            }

            _established = false;
            if (_connecting is null || _connecting.IsCompleted && !_connecting.Result)
            {
                if (_client.IsConnected)
                {
                    Cut(); // connected but not established: a stale socket from before; start clean
                }

                byte[] will = willPayload.AsSpan(0, willLength).ToArray();
                _connecting = ConnectAsync(clientId, _credential, cleanSession: false, willTopic, will);
            }

            attempt = _connecting;
        }

        if (!attempt.Wait(_options.ConnectInlineWait) || !attempt.Result)
        {
            if (attempt.IsCompleted)
            {
                _counters.ConnectFailed();
            }

            return false; // still under way: the next retry picks up the result
        }

        lock (_gate)
        {
            _connecting = null;
            _established = _client.IsConnected;
        }

        if (_established)
        {
            _counters.ConnectSucceeded();
        }

        return _established;
    }

    public bool ConnectClean(string clientId, string user, string secret)
    {
        ArgumentException.ThrowIfNullOrEmpty(clientId);
        Task<bool> attempt;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_faults.InOutage)
            {
                _counters.ConnectFailed();
                return false;
            }

            _established = false;
            _connecting = null;
            _sinks.Clear(); // a clean session starts without subscriptions
            if (_client.IsConnected)
            {
                Cut();
            }

            attempt = ConnectAsync(clientId, new BrokerCredential(user, secret), cleanSession: true, null, null);
        }

        bool up;
        try
        {
            // ConnectAsync is bounded by ConnectTimeout itself; the margin only covers scheduling.
            up = attempt.Wait(_options.ConnectTimeout + TimeSpan.FromSeconds(1)) && attempt.Result;
        }
        catch (AggregateException)
        {
            up = false;
        }

        lock (_gate)
        {
            _established = up && _client.IsConnected;
        }

        if (_established)
        {
            _counters.ConnectSucceeded();
        }
        else
        {
            _counters.ConnectFailed();
        }

        return _established;
    }

    public void Disconnect()
    {
        IMqttClient current;
        lock (_gate)
        {
            _established = false;
            _connecting = null;
            current = _client;
        }

        if (current.IsConnected)
        {
            try
            {
                current.DisconnectAsync(new MqttClientDisconnectOptions(), CancellationToken.None).Wait(_options.PublishTimeout);
            }
            catch (AggregateException)
            {
                // Already gone: nothing left to close.
            }
        }
    }

    public bool Publish(string topic, byte[] payload, int offset, int count, bool retain)
    {
        ArgumentNullException.ThrowIfNull(payload);
        if (!IsConnected)
        {
            _counters.PublishFailed();
            return false;
        }

        MqttApplicationMessage message = new MqttApplicationMessageBuilder()
            .WithTopic(topic)
            .WithPayload(payload.AsSpan(offset, count).ToArray()) // MQTTnet may hold the payload past this call
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .WithRetainFlag(retain)
            .Build();
        try
        {
            using var timeout = new CancellationTokenSource(_options.PublishTimeout);
            MqttClientPublishResult result = _client.PublishAsync(message, timeout.Token).GetAwaiter().GetResult();
            if (result.IsSuccess)
            {
                _counters.PublishSucceeded(topic);
                return true;
            }
        }
        catch (Exception e) when (e is MQTTnet.Exceptions.MqttCommunicationException or OperationCanceledException or InvalidOperationException)
        {
            // Lost connection or no PUBACK in time: the core keeps the data and retries.
        }

        _counters.PublishFailed();
        return false;
    }

    public bool Subscribe(string topicFilter, IMessageSink sink)
    {
        ArgumentException.ThrowIfNullOrEmpty(topicFilter);
        ArgumentNullException.ThrowIfNull(sink);
        lock (_gate)
        {
            _sinks.RemoveAll(s => s.Filter == topicFilter);
            _sinks.Add((topicFilter, sink));
        }

        if (!IsConnected)
        {
            return false;
        }

        MqttClientSubscribeOptions subscribe = _factory.CreateSubscribeOptionsBuilder()
            .WithTopicFilter(topicFilter, MqttQualityOfServiceLevel.AtLeastOnce)
            .Build();
        try
        {
            using var timeout = new CancellationTokenSource(_options.SubscribeTimeout);
            MqttClientSubscribeResult result = _client.SubscribeAsync(subscribe, timeout.Token).GetAwaiter().GetResult();
            return result.Items.All(i => i.ResultCode <= MqttClientSubscribeResultCode.GrantedQoS2);
        }
        catch (Exception e) when (e is MQTTnet.Exceptions.MqttCommunicationException or OperationCanceledException or InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>Drops the connection as a crash or power cut would: no DISCONNECT, so the broker publishes the will.</summary>
    public void Cut()
    {
        lock (_gate)
        {
            _established = false;
            _connecting = null;
            IMqttClient old = _client;
            _client = NewClient();
            old.ApplicationMessageReceivedAsync -= OnMessageAsync;
            old.Dispose();
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _established = false;
            _client.ApplicationMessageReceivedAsync -= OnMessageAsync;
            _client.Dispose();
        }
    }

    private IMqttClient NewClient()
    {
        IMqttClient created = _factory.CreateMqttClient();
        created.ApplicationMessageReceivedAsync += OnMessageAsync;
        return created;
    }

    private async Task<bool> ConnectAsync(string clientId, BrokerCredential? account, bool cleanSession, string? willTopic, byte[]? will)
    {
        MqttClientOptionsBuilder builder = new MqttClientOptionsBuilder();
        if (account is not null)
        {
            builder = builder.WithCredentials(account.User, account.Secret);
        }

        builder = builder
            .WithTcpServer(_host, _port)
            .WithProtocolVersion(MQTTnet.Formatter.MqttProtocolVersion.V311)
            .WithClientId(clientId)
            .WithCleanSession(cleanSession)
            .WithKeepAlivePeriod(_options.KeepAlive)
            .WithTimeout(_options.ConnectTimeout)
            .WithBrokerCa(_host, _options.BrokerCa);
        if (willTopic is not null && will is not null)
        {
            builder = builder
                .WithWillTopic(willTopic)
                .WithWillPayload(will)
                .WithWillRetain(true)
                .WithWillQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce);
        }

        MqttClientOptions connect = builder.Build();
        IMqttClient current = _client;
        try
        {
            using var timeout = new CancellationTokenSource(_options.ConnectTimeout);
            MqttClientConnectResult result = await current.ConnectAsync(connect, timeout.Token).ConfigureAwait(false);
            return result.ResultCode == MqttClientConnectResultCode.Success;
        }
        catch (Exception e) when (e is MQTTnet.Exceptions.MqttCommunicationException or OperationCanceledException or InvalidOperationException or ObjectDisposedException)
        {
            return false;
        }
    }

    private Task OnMessageAsync(MqttApplicationMessageReceivedEventArgs e)
    {
        string topic = e.ApplicationMessage.Topic;
        ReadOnlySequence<byte> payload = e.ApplicationMessage.Payload;
        byte[] bytes = payload.IsEmpty ? [] : payload.ToArray();
        IMessageSink? target = null;
        lock (_gate)
        {
            foreach ((string filter, IMessageSink sink) in _sinks)
            {
                if (TopicFilter.Matches(filter, topic))
                {
                    target = sink;
                    break;
                }
            }
        }

        target?.OnMessage(topic, bytes, bytes.Length);
        return Task.CompletedTask;
    }
}
