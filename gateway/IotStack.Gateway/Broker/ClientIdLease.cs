using System.Buffers;
using System.Globalization;
using System.Text;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace IotStack.Gateway.Broker;

/// <summary>
/// One owner per MQTT client id. Two gateways with the same client id would share one persistent session: the broker
/// hands it to whoever connected last (MQTT 5 §3.1.4, session takeover), the first reconnects and takes it back, and
/// in-flight acknowledgements are lost on each swap. The broker cannot be asked whether a client id is connected, so
/// the owner advertises itself: a retained lease on <c>iotstack/gateway/owner/{clientId}</c> naming its instance,
/// republished every <see cref="RenewEvery"/>, cleared on a clean stop and, through the session's last will (an empty
/// retained message), by the broker as soon as the owner's connection drops (kill -9 included).
/// A starting gateway reads the lease with a throwaway probe client (connecting with the client id itself would be the
/// very takeover this prevents). A lease of another instance is live only if it is renewed or stays while the probe
/// watches for <see cref="Watch"/> (a little longer than one renewal): a renewal means a live owner (refuse); an empty
/// message means the owner just left (go); silence means a lease left behind without a will, for example by an owner
/// that died while the broker was down (go). No clocks are compared, so skew between machines does not matter.
/// Two gateways starting in the same instant can both find no lease; the one that loses the session then gets DISCONNECT
/// "session taken over" (reason 0x8E) and stops instead of taking it back (GatewayMqttClient).
/// </summary>
internal static class ClientIdLease
{
    public static readonly TimeSpan RenewEvery = TimeSpan.FromSeconds(5);

    private static readonly TimeSpan FirstMessageWait = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Watch = RenewEvery + TimeSpan.FromSeconds(2);

    public static string Topic(string clientId) => "iotstack/gateway/owner/" + clientId;

    public static byte[] Payload(string instance, DateTimeOffset renewed) =>
        Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture,
            $"instance={instance};host={Environment.MachineName};pid={Environment.ProcessId};renewed={renewed:O}"));

    /// <summary>
    /// Watches the retained lease through a probe client. Returns null when the id is free, left behind or ours;
    /// otherwise a one-line description of the live owner.
    /// </summary>
    public static async Task<string?> FindOtherOwnerAsync(BrokerConnection broker, string clientId, string instance, TimeProvider time, Access.GatewayMqttCredentials credentials, CancellationToken cancellationToken)
    {
        using IMqttClient probe = new MqttClientFactory().CreateMqttClient();
        var messages = System.Threading.Channels.Channel.CreateUnbounded<byte[]>();
        probe.ApplicationMessageReceivedAsync += e =>
        {
            messages.Writer.TryWrite(e.ApplicationMessage.Payload.ToArray());
            return Task.CompletedTask;
        };
        MqttClientOptions options = credentials.Apply(broker.CreateOptions())
            .WithClientId(clientId + "-probe-" + Guid.NewGuid().ToString("N")[..8])
            .WithProtocolVersion(MqttProtocolVersion.V500)
            .WithCleanStart(true)
            .WithTimeout(TimeSpan.FromSeconds(5))
            .Build();
        await probe.ConnectAsync(options, cancellationToken).ConfigureAwait(false);
        try
        {
            await probe.SubscribeAsync(new MqttClientSubscribeOptionsBuilder().WithTopicFilter(Topic(clientId), MqttQualityOfServiceLevel.AtLeastOnce).Build(), cancellationToken).ConfigureAwait(false);
            // A retained message comes right after the SUBACK (MQTT 5 §3.8.4): none within a second means no lease.
            byte[]? first = await NextAsync(messages.Reader, FirstMessageWait, time, cancellationToken).ConfigureAwait(false);
            if (first is null || Owner(first, instance) is null)
            {
                return null;
            }

            while (await NextAsync(messages.Reader, Watch, time, cancellationToken).ConfigureAwait(false) is { } next)
            {
                if (next.Length == 0)
                {
                    return null;                                    // the owner stopped or its will fired
                }

                if (Owner(next, instance) is { } live)
                {
                    return live;                                    // renewed while we watched: a live owner
                }
            }

            return null;                                            // not renewed: left behind
        }
        finally
        {
            await probe.DisconnectAsync(cancellationToken: CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <summary>Who holds the lease, or null for an empty, unreadable or own lease.</summary>
    internal static string? Owner(byte[] payload, string instance)
    {
        if (payload.Length == 0)
        {
            return null;
        }

        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string pair in Encoding.UTF8.GetString(payload).Split(';'))
        {
            int eq = pair.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0)
            {
                fields[pair[..eq]] = pair[(eq + 1)..];
            }
        }

        return fields.TryGetValue("instance", out string? owner) && owner != instance
            ? $"host {fields.GetValueOrDefault("host", "?")}, pid {fields.GetValueOrDefault("pid", "?")}, lease renewed {fields.GetValueOrDefault("renewed", "?")}"
            : null;
    }

    private static async Task<byte[]?> NextAsync(System.Threading.Channels.ChannelReader<byte[]> reader, TimeSpan wait, TimeProvider time, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(wait, time);
        using CancellationTokenRegistration stopping = cancellationToken.Register(static t => ((CancellationTokenSource)t!).Cancel(), timeout);
        try
        {
            return await reader.ReadAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }
}
