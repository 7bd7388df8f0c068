using IotStack.Gateway.Ingest;
using IotStack.Gateway.Metrics;
using IotStack.Protocol;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using LogLevel = Microsoft.Extensions.Logging.LogLevel;

namespace IotStack.Gateway.Broker.Access;

/// <summary>
/// Where new boards claim their credential (docs/security.md, "Claiming"), taking requests from the
/// <see cref="ClaimInbox"/> (the claim kind's route on the gateway's one MQTT connection). A request is checked against its token
/// (<see cref="ClaimTokenStore.Reserve"/>: secret, fleet, not revoked or expired, places left, device id not claimed
/// before and without a credential), the credential is issued through <see cref="DeviceCredentialStore"/> and sent
/// back on the session's reply topic. One worker: hashing and file writes stay off the receive path, and claims are
/// decided one at a time. Refusals are counted and logged with
/// the client id, token id and reason, never a secret.
/// </summary>
internal sealed partial class ClaimDesk(ClaimInbox inbox, ClaimTokenStore tokens, DeviceCredentialStore devices, IMqttPublisher publisher, GatewayMetrics metrics, ILogger<ClaimDesk> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach ((TopicInfo topic, byte[] payload) in inbox.Reader.ReadAllAsync(stoppingToken).ConfigureAwait(false))
        {
            try
            {
                ClaimReply reply = Handle(topic, payload);
                byte[] frame = new byte[reply.FrameLength];
                reply.WriteTo(frame, 0);
                if (!await publisher.PublishAsync(DeviceTopics.ClaimReplyTopic(topic.Fleet!, topic.DeviceId!), frame, retain: false, stoppingToken).ConfigureAwait(false))
                {
                    LogReplyFailed(topic.DeviceId!);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogFailed(topic.DeviceId ?? "(none)", ex.GetType().Name);
            }
        }
    }

    /// <summary>Decides one claim; <paramref name="topic"/> names the fleet and the claim session (the client id).</summary>
    internal ClaimReply Handle(TopicInfo topic, byte[] payload)
    {
        string fleet = topic.Fleet!;
        string session = topic.DeviceId!;
        var request = new ClaimRequest();
        if (!ClaimToken.IsSessionId(session) || request.ReadFrom(payload, 0, payload.Length) != DecodeStatus.Ok || request.TokenId is null)
        {
            return Refuse(session, "(none)", "(none)", ClaimStatus.Invalid, fleet);
        }

        string device = request.Device;
        string user = DeviceCredential.UserNameOf(fleet, device);
        ClaimStatus status = tokens.Reserve(request.TokenId, request.Secret, fleet, device, () => devices.Find(user) is not null);
        if (status != ClaimStatus.Issued)
        {
            return Refuse(session, request.TokenId, device, status, fleet);
        }

        string secret;
        try
        {
            secret = devices.Issue(fleet, device);
        }
        catch (ArgumentException)
        {
            return Refuse(session, request.TokenId, device, ClaimStatus.AlreadyClaimed, fleet);
        }

        metrics.ClaimIssued();
        LogIssued(user, request.TokenId, session);
        return new ClaimReply { Status = ClaimStatus.Issued, Fleet = fleet, Device = device, User = user, Secret = secret };
    }

    private ClaimReply Refuse(string session, string tokenId, string device, ClaimStatus status, string fleet)
    {
        metrics.ClaimRefused();
        LogRefused(session, tokenId, device, status);
        return new ClaimReply { Status = status, Fleet = fleet, Device = DeviceTopics.IsValidId(device) ? device : "", User = "", Secret = "" };
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Board {UserName} claimed its credential with claim token {TokenId} (client {ClientId})")]
    private partial void LogIssued(string userName, string tokenId, string clientId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Claim refused for client {ClientId} (claim token {TokenId}, device {Device}): {Status}")]
    private partial void LogRefused(string clientId, string tokenId, string device, ClaimStatus status);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Claim reply to client {ClientId} not delivered (broker connection down); the board cannot claim again: enrol it with `iotstack devices add`")]
    private partial void LogReplyFailed(string clientId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Claim from client {ClientId} failed: {Error}")]
    private partial void LogFailed(string clientId, string error);
}
