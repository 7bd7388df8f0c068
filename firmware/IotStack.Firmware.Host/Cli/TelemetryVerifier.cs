using System.Buffers;
using System.Collections.Concurrent;
using System.Security.Cryptography.X509Certificates;
using IotStack.Firmware.Host.Hal;
using IotStack.Protocol;
using MQTTnet;
using MQTTnet.Protocol;

namespace IotStack.Firmware.Host.Cli;

/// <summary>
/// An independent subscriber that checks what a fleet delivered: it subscribes to every device's telemetry of one
/// fleet (QoS 1, before the fleet starts) and tracks each device's batch sequence numbers (<see cref="SequenceTracker"/>).
/// Its session is persistent and it reconnects when the connection drops, so a broker restart during the run (with
/// broker persistence) loses nothing it should have seen: what was published meanwhile waits in its session.
/// </summary>
internal sealed class TelemetryVerifier : IAsyncDisposable
{
    private readonly IMqttClient client;
    private readonly string fleet;
    private readonly ConcurrentDictionary<string, SequenceTracker> devices = new(StringComparer.Ordinal);
    private readonly TimeProvider time;
    private static readonly TimeSpan ReconnectDelay = TimeSpan.FromMilliseconds(500);

    private readonly CancellationTokenSource closing = new();
    private Task reconnecting = Task.CompletedTask;
    private MqttClientOptions? options;
    private string filter = string.Empty;
    private long decodeErrors;
    private long lastMessageTimestamp;

    public TelemetryVerifier(string fleet, TimeProvider time)
    {
        this.fleet = fleet ?? throw new ArgumentNullException(nameof(fleet));
        this.time = time ?? throw new ArgumentNullException(nameof(time));
        client = new MqttClientFactory().CreateMqttClient();
        client.ApplicationMessageReceivedAsync += OnMessageAsync;
        client.DisconnectedAsync += OnDisconnectedAsync;
        lastMessageTimestamp = time.GetTimestamp();
    }

    public IReadOnlyDictionary<string, SequenceTracker> Devices => devices;

    public long DecodeErrors => Interlocked.Read(ref decodeErrors);

    public TimeSpan Quiet => time.GetElapsedTime(Interlocked.Read(ref lastMessageTimestamp));

    /// <param name="ca">The broker CA to pin (TLS), or null for plain MQTT.</param>
    /// <param name="credential">Broker user and secret, or null to connect without.</param>
    public async Task StartAsync(string host, int port, X509Certificate2? ca, BrokerCredential? credential, CancellationToken cancellationToken)
    {
        MqttClientOptionsBuilder builder = new MqttClientOptionsBuilder();
        if (credential is not null)
        {
            builder = builder.WithCredentials(credential.User, credential.Secret);
        }

        options = builder
            .WithTcpServer(host, port)
            .WithBrokerCa(host, ca)
            .WithClientId("iotstack-board-verify-" + Guid.NewGuid().ToString("N")[..8])
            // MQTT 5 with a session expiry: the broker keeps the subscription and the queued messages while the
            // verifier reconnects (MQTT 5 §3.1.2.11.2).
            .WithProtocolVersion(MQTTnet.Formatter.MqttProtocolVersion.V500)
            .WithCleanStart(false)
            .WithSessionExpiryInterval(3600)
            .WithTimeout(TimeSpan.FromSeconds(10))
            .Build();
        filter = DeviceTopics.Root + "/" + fleet + "/+/" + DeviceTopics.Suffix(TopicKind.Telemetry);
        await ConnectAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task ConnectAsync(CancellationToken cancellationToken)
    {
        MqttClientConnectResult connected = await client.ConnectAsync(options!, cancellationToken).ConfigureAwait(false);
        if (!connected.IsSessionPresent)
        {
            await client.SubscribeAsync(
                new MqttClientSubscribeOptionsBuilder().WithTopicFilter(filter, MqttQualityOfServiceLevel.AtLeastOnce).Build(),
                cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Reconnects until it works or the verifier is disposed (a broker restart, not the end of the run). The loop runs
    /// beside the event, not inside it: MQTTnet finishes its own disconnect only after the handler returns.
    /// </summary>
    private Task OnDisconnectedAsync(MqttClientDisconnectedEventArgs e)
    {
        if (!closing.IsCancellationRequested)
        {
            reconnecting = Task.Run(ReconnectAsync);
        }

        return Task.CompletedTask;
    }

    private async Task ReconnectAsync()
    {
        while (!closing.IsCancellationRequested && !client.IsConnected)
        {
            try
            {
                await Task.Delay(ReconnectDelay, time, closing.Token).ConfigureAwait(false);
                await ConnectAsync(closing.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (closing.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is MQTTnet.Exceptions.MqttCommunicationException or OperationCanceledException or InvalidOperationException)
            {
                // Broker still down, or the connect timed out: try again after the delay.
            }
        }
    }

    /// <summary>Waits until nothing arrived for <paramref name="quiet"/>, at most <paramref name="limit"/>.</summary>
    public async Task SettleAsync(TimeSpan quiet, TimeSpan limit, CancellationToken cancellationToken)
    {
        long start = time.GetTimestamp();
        while (Quiet < quiet && time.GetElapsedTime(start) < limit)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(100), time, cancellationToken).ConfigureAwait(false);
        }
    }

    public VerifyReport Report()
    {
        long received = 0, distinct = 0, missing = 0, skipped = 0, duplicates = 0, outOfOrder = 0, replayed = 0;
        foreach (SequenceTracker tracker in devices.Values)
        {
            lock (tracker)
            {
                received += tracker.Received;
                distinct += tracker.Distinct;
                (long gaps, long reboots) = tracker.Gaps();
                missing += gaps;
                skipped += reboots;
                duplicates += tracker.Duplicates;
                outOfOrder += tracker.OutOfOrder;
                replayed += tracker.Replayed;
            }
        }

        return new VerifyReport(devices.Count, received, distinct, missing, skipped, duplicates, outOfOrder, replayed, DecodeErrors);
    }

    public async ValueTask DisposeAsync()
    {
        await closing.CancelAsync().ConfigureAwait(false);
        client.DisconnectedAsync -= OnDisconnectedAsync;
        await reconnecting.ConfigureAwait(false);
        if (client.IsConnected)
        {
            await client.DisconnectAsync().ConfigureAwait(false);
        }

        client.Dispose();
        closing.Dispose();
    }

    private Task OnMessageAsync(MqttApplicationMessageReceivedEventArgs e)
    {
        Interlocked.Exchange(ref lastMessageTimestamp, time.GetTimestamp());
        if (DeviceTopics.Parse(e.ApplicationMessage.Topic, out _, out string device) != TopicKind.Telemetry)
        {
            return Task.CompletedTask;
        }

        byte[] payload = e.ApplicationMessage.Payload.ToArray();
        var batch = new TelemetryBatch();
        if (batch.ReadFrom(payload, 0, payload.Length) != DecodeStatus.Ok)
        {
            Interlocked.Increment(ref decodeErrors);
            return Task.CompletedTask;
        }

        SequenceTracker tracker = devices.GetOrAdd(device, _ => new SequenceTracker());
        lock (tracker)
        {
            tracker.Add(batch.Sequence, (batch.Flags & TelemetryBatch.FlagReplayed) != 0);
        }

        return Task.CompletedTask;
    }
}
