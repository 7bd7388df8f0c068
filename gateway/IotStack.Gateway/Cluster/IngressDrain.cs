using IotStack.Gateway.Broker;
using IotStack.Gateway.Broker.Access;
using IotStack.Gateway.Options;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MQTTnet;
using MQTTnet.Formatter;
using LogLevel = Microsoft.Extensions.Logging.LogLevel;

namespace IotStack.Gateway.Cluster;

/// <summary>
/// Empties a dead gateway's MQTT session (docs/scale.md, "Device ownership"). Its session is persistent and a member of the
/// shared subscription, so the broker keeps routing that gateway's share of the fleet into it after the process died:
/// batches the boards saw acknowledged, waiting for a gateway that may never come back. A survivor connects with the dead
/// gateway's client id, leaves the shared subscription (no more is routed there), forwards what the session held to the
/// devices' owners like any received message, and ends the session (expiry 0) once nothing has come for a while.
/// </summary>
internal sealed partial class IngressDrain(
    BrokerEndpoint endpoint, GatewayMqttCredentials credentials, GatewayMqttClient forwarder, IOptions<GatewayOptions> options, TimeProvider time, ILogger<IngressDrain> logger)
{
    private static readonly TimeSpan Quiet = TimeSpan.FromSeconds(1);

    private readonly ILogger _logger = logger;

    /// <summary>Drains the session; false (nothing done) when that gateway's MQTT connection is alive after all.</summary>
    public async Task<bool> DrainAsync(string clientId, CancellationToken cancellationToken)
    {
        BrokerOptions broker = options.Value.Broker;
        BrokerConnection connection = await endpoint.WaitConnectionAsync(cancellationToken).ConfigureAwait(false);
        // Only its database session may be gone (a network blip to PostgreSQL): taking over the MQTT session of a live
        // gateway would stop it (GatewayMqttClient refuses a taken-over id). Its lease says whether it is connected.
        if (await ClientIdLease.FindOtherOwnerAsync(connection, clientId, "drain-" + Guid.NewGuid().ToString("N")[..8], time, credentials, cancellationToken).ConfigureAwait(false) is { } live)
        {
            LogStillConnected(clientId, live);
            return false;
        }

        using IMqttClient client = new MqttClientFactory().CreateMqttClient();
        long received = 0;
        long lastAt = Environment.TickCount64;
        client.ApplicationMessageReceivedAsync += async e =>
        {
            Interlocked.Increment(ref received);
            Interlocked.Exchange(ref lastAt, Environment.TickCount64);
            await forwarder.ForwardForAsync(e).ConfigureAwait(false);
        };
        MqttClientOptionsBuilder builder = connection.CreateOptions()
            .WithClientId(clientId)
            .WithProtocolVersion(MqttProtocolVersion.V500)
            .WithCleanStart(false)
            .WithSessionExpiryInterval((uint)broker.SessionExpirySeconds)
            .WithReceiveMaximum((ushort)broker.ReceiveMaximum);
        MqttClientConnectResult result = await client.ConnectAsync(credentials.Apply(builder).Build(), cancellationToken).ConfigureAwait(false);
        if (!result.IsSessionPresent)
        {
            // Nothing was kept for it (expired, or drained already): leave no session behind either.
            await client.DisconnectAsync(new MqttClientDisconnectOptionsBuilder().WithSessionExpiryInterval(0).Build(), cancellationToken).ConfigureAwait(false);
            return true;
        }

        var unsubscribe = new MqttClientUnsubscribeOptionsBuilder();
        foreach (string filter in GatewayMqttClient.IngestFilters(broker))
        {
            unsubscribe.WithTopicFilter(filter);
        }

        await client.UnsubscribeAsync(unsubscribe.Build(), cancellationToken).ConfigureAwait(false);
        // What the session held arrives now; once it has been quiet for a while (and the copies had time to go), it is empty.
        while (Environment.TickCount64 - Interlocked.Read(ref lastAt) < (long)(2 * Quiet.TotalMilliseconds))
        {
            await Task.Delay(Quiet / 4, cancellationToken).ConfigureAwait(false);
        }

        await client.DisconnectAsync(new MqttClientDisconnectOptionsBuilder().WithSessionExpiryInterval(0).Build(), cancellationToken).ConfigureAwait(false);
        LogDrained(clientId, Interlocked.Read(ref received));
        return true;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Gateway session {ClientId} has no database session but is connected to the broker ({Owner}); not drained")]
    private partial void LogStillConnected(string clientId, string owner);

    [LoggerMessage(Level = LogLevel.Information, Message = "Session {ClientId} of a gateway that left the cluster drained: {Messages} messages forwarded to their owners, session ended")]
    private partial void LogDrained(string clientId, long messages);
}
