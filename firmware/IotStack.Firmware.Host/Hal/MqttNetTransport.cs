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
    private readonly MqttClientFactory factory;
    private readonly string host;
    private readonly int port;
    private readonly TransportOptions options;
    private readonly DeviceFaults faults;
    private readonly TransportCounters counters;
    private readonly BrokerCredential? credential;
    private readonly List<(string Filter, IMessageSink Sink)> sinks = [];
    private readonly object gate = new();
    private IMqttClient client;
    private Task<bool>? connecting;
    private volatile bool established;
    private bool disposed;

    public MqttNetTransport(MqttClientFactory factory, string host, int port, TransportOptions options, DeviceFaults faults, TransportCounters counters, BrokerCredential? credential = null)
    {
        this.credential = credential;
        this.factory = factory ?? throw new ArgumentNullException(nameof(factory));
        this.host = host ?? throw new ArgumentNullException(nameof(host));
        this.port = port;
        this.options = options ?? throw new ArgumentNullException(nameof(options));
        this.faults = faults ?? throw new ArgumentNullException(nameof(faults));
        this.counters = counters ?? throw new ArgumentNullException(nameof(counters));
        client = NewClient();
    }

    public bool IsConnected
    {
        get
        {
            if (!established)
            {
                return false;
            }

            if (faults.InOutage)
            {
                Cut();
                return false;
            }

            return client.IsConnected;
        }
    }

    public bool Connect(string clientId, string willTopic, byte[] willPayload, int willLength)
    {
        ArgumentException.ThrowIfNullOrEmpty(clientId);
        Task<bool> attempt;
        lock (gate)
        {
            ObjectDisposedException.ThrowIf(disposed, this);
            if (faults.InOutage)
            {
                counters.ConnectFailed();
                return false;
            }

            if (established && client.IsConnected)
            {
                return true;
            }

            established = false;
            if (connecting is null || connecting.IsCompleted && !connecting.Result)
            {
                if (client.IsConnected)
                {
                    Cut(); // connected but not established: a stale socket from before; start clean
                }

                byte[] will = willPayload.AsSpan(0, willLength).ToArray();
                connecting = ConnectAsync(clientId, credential, cleanSession: false, willTopic, will);
            }

            attempt = connecting;
        }

        if (!attempt.Wait(options.ConnectInlineWait) || !attempt.Result)
        {
            if (attempt.IsCompleted)
            {
                counters.ConnectFailed();
            }

            return false; // still under way: the next retry picks up the result
        }

        lock (gate)
        {
            connecting = null;
            established = client.IsConnected;
        }

        if (established)
        {
            counters.ConnectSucceeded();
        }

        return established;
    }

    public bool ConnectClean(string clientId, string user, string secret)
    {
        ArgumentException.ThrowIfNullOrEmpty(clientId);
        Task<bool> attempt;
        lock (gate)
        {
            ObjectDisposedException.ThrowIf(disposed, this);
            if (faults.InOutage)
            {
                counters.ConnectFailed();
                return false;
            }

            established = false;
            connecting = null;
            sinks.Clear(); // a clean session starts without subscriptions
            if (client.IsConnected)
            {
                Cut();
            }

            attempt = ConnectAsync(clientId, new BrokerCredential(user, secret), cleanSession: true, null, null);
        }

        bool up;
        try
        {
            // ConnectAsync is bounded by ConnectTimeout itself; the margin only covers scheduling.
            up = attempt.Wait(options.ConnectTimeout + TimeSpan.FromSeconds(1)) && attempt.Result;
        }
        catch (AggregateException)
        {
            up = false;
        }

        lock (gate)
        {
            established = up && client.IsConnected;
        }

        if (established)
        {
            counters.ConnectSucceeded();
        }
        else
        {
            counters.ConnectFailed();
        }

        return established;
    }

    public void Disconnect()
    {
        IMqttClient current;
        lock (gate)
        {
            established = false;
            connecting = null;
            current = client;
        }

        if (current.IsConnected)
        {
            try
            {
                current.DisconnectAsync(new MqttClientDisconnectOptions(), CancellationToken.None).Wait(options.PublishTimeout);
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
            counters.PublishFailed();
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
            using var timeout = new CancellationTokenSource(options.PublishTimeout);
            MqttClientPublishResult result = client.PublishAsync(message, timeout.Token).GetAwaiter().GetResult();
            if (result.IsSuccess)
            {
                counters.PublishSucceeded(topic);
                return true;
            }
        }
        catch (Exception e) when (e is MQTTnet.Exceptions.MqttCommunicationException or OperationCanceledException or InvalidOperationException)
        {
            // Lost connection or no PUBACK in time: the core keeps the data and retries.
        }

        counters.PublishFailed();
        return false;
    }

    public bool Subscribe(string topicFilter, IMessageSink sink)
    {
        ArgumentException.ThrowIfNullOrEmpty(topicFilter);
        ArgumentNullException.ThrowIfNull(sink);
        lock (gate)
        {
            sinks.RemoveAll(s => s.Filter == topicFilter);
            sinks.Add((topicFilter, sink));
        }

        if (!IsConnected)
        {
            return false;
        }

        MqttClientSubscribeOptions subscribe = factory.CreateSubscribeOptionsBuilder()
            .WithTopicFilter(topicFilter, MqttQualityOfServiceLevel.AtLeastOnce)
            .Build();
        try
        {
            using var timeout = new CancellationTokenSource(options.SubscribeTimeout);
            MqttClientSubscribeResult result = client.SubscribeAsync(subscribe, timeout.Token).GetAwaiter().GetResult();
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
        lock (gate)
        {
            established = false;
            connecting = null;
            IMqttClient old = client;
            client = NewClient();
            old.ApplicationMessageReceivedAsync -= OnMessageAsync;
            old.Dispose();
        }
    }

    public void Dispose()
    {
        lock (gate)
        {
            if (disposed)
            {
                return;
            }

            disposed = true;
            established = false;
            client.ApplicationMessageReceivedAsync -= OnMessageAsync;
            client.Dispose();
        }
    }

    private IMqttClient NewClient()
    {
        IMqttClient created = factory.CreateMqttClient();
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
            .WithTcpServer(host, port)
            .WithProtocolVersion(MQTTnet.Formatter.MqttProtocolVersion.V311)
            .WithClientId(clientId)
            .WithCleanSession(cleanSession)
            .WithKeepAlivePeriod(options.KeepAlive)
            .WithTimeout(options.ConnectTimeout)
            .WithBrokerCa(host, options.BrokerCa);
        if (willTopic is not null && will is not null)
        {
            builder = builder
                .WithWillTopic(willTopic)
                .WithWillPayload(will)
                .WithWillRetain(true)
                .WithWillQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce);
        }

        MqttClientOptions connect = builder.Build();
        IMqttClient current = client;
        try
        {
            using var timeout = new CancellationTokenSource(options.ConnectTimeout);
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
        lock (gate)
        {
            foreach ((string filter, IMessageSink sink) in sinks)
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
