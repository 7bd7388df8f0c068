using IotStack.Gateway.Metrics;
using Microsoft.Extensions.Logging;
using MQTTnet.Protocol;
using MQTTnet.Server;

namespace IotStack.Gateway.Broker.Access;

/// <summary>
/// Authentication and topic rules of the embedded broker, in MQTTnet's one set of interception events: CONNECT
/// (<see cref="MqttServer.ValidatingConnectionAsync"/>: the gateway's credentials or a board's, whose client id must be
/// its user name, and whose will may only be its own status), PUBLISH and SUBSCRIBE (<see cref="TopicPolicy"/>).
/// Every refusal is counted in /metrics and logged with the client id, never with a secret. A board whose credential
/// is revoked is disconnected at once and refused from then on (its user name no longer resolves). A new board with an
/// enrolment token connects as <c>claim@{token id}</c> with the token's secret, under a client id of its own choosing
/// that starts with <c>claim-</c>, and may only ask for its credential (<see cref="ClaimDesk"/>) and read the answer.
/// </summary>
internal sealed partial class BrokerAccessControl(DeviceCredentialStore devices, ClaimTokenStore claims, GatewayMqttCredentials gateway, GatewayMetrics metrics, ILogger<BrokerAccessControl> logger)
{
    private MqttServer? _server;

    public void Attach(MqttServer server)
    {
        _server = server;
        server.ValidatingConnectionAsync += ValidateConnectionAsync;
        server.InterceptingPublishAsync += InterceptPublishAsync;
        server.InterceptingSubscriptionAsync += InterceptSubscriptionAsync;
        devices.Changed += OnDeviceChanged;
    }

    public void Detach()
    {
        devices.Changed -= OnDeviceChanged;
        _server = null;
    }

    /// <summary>Who a user name is, as authenticated at CONNECT; null once a board's credential or a claim token is revoked.</summary>
    internal MqttPrincipal? Resolve(string? userName, string clientId)
    {
        if (string.Equals(userName, gateway.UserName, StringComparison.Ordinal) && gateway.Secret is not null)
        {
            return MqttPrincipal.Gateway;
        }

        if (ClaimToken.IdOf(userName) is { } tokenId)
        {
            // Expiry is checked at CONNECT and by the claim itself; a revoked token's session is dropped here.
            return claims.Find(tokenId) is { Revoked: false } token ? MqttPrincipal.Claim(token.Fleet, clientId) : null;
        }

        return devices.Find(userName) is { } board ? MqttPrincipal.Board(board.Fleet, board.Device) : null;
    }

    private Task ValidateConnectionAsync(ValidatingConnectionEventArgs e)
    {
        if (gateway.Matches(e.UserName, e.Password))
        {
            return Task.CompletedTask;
        }

        if (ClaimToken.IdOf(e.UserName) is { } tokenId)
        {
            return ValidateClaim(e, tokenId);
        }

        DeviceCredential? board = devices.Find(e.UserName);
        if (board is null || !SecretHash.Verify(e.Password, board.SecretHash))
        {
            return Refuse(e, MqttConnectReasonCode.BadUserNameOrPassword, "bad user name or secret");
        }

        if (!string.Equals(e.ClientId, board.UserName, StringComparison.Ordinal))
        {
            // One board cannot take over another's session (MQTT 3.1.4: a second connection with a client id ends the first).
            return Refuse(e, MqttConnectReasonCode.ClientIdentifierNotValid, "client id is not the board's user name");
        }

        return Task.CompletedTask;
    }

    private Task ValidateClaim(ValidatingConnectionEventArgs e, string tokenId)
    {
        if (!claims.Authenticates(tokenId, e.Password, out _))
        {
            // Unknown, wrong secret, revoked, expired or used up: one answer, so a guesser learns nothing.
            metrics.ClaimRefused();
            return Refuse(e, MqttConnectReasonCode.BadUserNameOrPassword, "claim token unknown, wrong, revoked, expired or used up");
        }

        if (!ClaimToken.IsSessionId(e.ClientId))
        {
            return Refuse(e, MqttConnectReasonCode.ClientIdentifierNotValid, "a claim session's client id must be claim-… without '.'");
        }

        return Task.CompletedTask;
    }

    private Task Refuse(ValidatingConnectionEventArgs e, MqttConnectReasonCode code, string reason)
    {
        e.ReasonCode = code;
        metrics.MqttConnectRefusedOnce();
        LogConnectRefused(e.ClientId, Shorten(e.UserName), reason);
        return Task.CompletedTask;
    }

    private Task InterceptPublishAsync(InterceptingPublishEventArgs e)
    {
        string topic = e.ApplicationMessage.Topic;
        if (!Allows(e.UserName, e.ClientId, topic, TopicPolicy.MayPublish, out bool drop))
        {
            e.ProcessPublish = false;
            e.Response.ReasonCode = MqttPubAckReasonCode.NotAuthorized;
            e.CloseConnection = drop;
            metrics.MqttPublishRefusedOnce();
            LogPublishRefused(e.ClientId, Shorten(topic));
        }

        return Task.CompletedTask;
    }

    private Task InterceptSubscriptionAsync(InterceptingSubscriptionEventArgs e)
    {
        string filter = e.TopicFilter.Topic;
        if (!Allows(e.UserName, e.ClientId, filter, TopicPolicy.MaySubscribe, out bool drop))
        {
            e.ProcessSubscription = false;
            e.Response.ReasonCode = MqttSubscribeReasonCode.NotAuthorized;
            e.CloseConnection = drop;
            metrics.MqttSubscribeRefusedOnce();
            LogSubscribeRefused(e.ClientId, Shorten(filter));
        }

        return Task.CompletedTask;
    }

    /// <summary>
    /// Whether the client may publish to (or subscribe to) <paramref name="topic"/> under <paramref name="rule"/>. A refused
    /// client whose user name no longer resolves (a revoked board still connected, a race with the kick) is to be
    /// dropped (<paramref name="drop"/>) rather than answered.
    /// </summary>
    private bool Allows(string? userName, string clientId, string topic, Func<MqttPrincipal, string, bool> rule, out bool drop)
    {
        MqttPrincipal? who = Resolve(userName, clientId);
        drop = who is null;
        return who is not null && rule(who, topic);
    }

    private void OnDeviceChanged(DeviceCredential board, bool allowed)
    {
        if (allowed || _server is not { } server)
        {
            return;
        }

        // Revoked: cut the live connection now; its reconnect then fails CONNECT.
        _ = KickAsync(server, board.UserName);
    }

    private async Task KickAsync(MqttServer server, string clientId)
    {
        try
        {
            await server.DisconnectClientAsync(clientId, MqttDisconnectReasonCode.NotAuthorized).ConfigureAwait(false);
            LogKicked(clientId);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Not connected: nothing to cut.
            LogKickSkipped(clientId, ex.Message);
        }
    }

    private static string Shorten(string? text) => text is null ? "(none)" : text.Length > 128 ? text[..128] : text;

    [LoggerMessage(Level = LogLevel.Warning, Message = "MQTT connect refused for client {ClientId} (user {UserName}): {Reason}")]
    private partial void LogConnectRefused(string clientId, string userName, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "MQTT publish refused for client {ClientId} on {Topic}")]
    private partial void LogPublishRefused(string clientId, string topic);

    [LoggerMessage(Level = LogLevel.Warning, Message = "MQTT subscribe refused for client {ClientId} on {Filter}")]
    private partial void LogSubscribeRefused(string clientId, string filter);

    [LoggerMessage(Level = LogLevel.Warning, Message = "MQTT client {ClientId} disconnected: its credential was revoked")]
    private partial void LogKicked(string clientId);

    [LoggerMessage(Level = LogLevel.Debug, Message = "MQTT client {ClientId} revoked while not connected ({Reason})")]
    private partial void LogKickSkipped(string clientId, string reason);
}
