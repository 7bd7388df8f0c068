using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using IotStack.Firmware.Host.Hal;
using IotStack.Protocol;
using MQTTnet;
using MQTTnet.Protocol;

namespace IotStack.Firmware.Host.Claim;

/// <summary>
/// One new board claiming its own credential (docs/security.md, "Claiming"): it connects with the enrolment token
/// as <c>claim@{id}</c> under a random client id <c>claim-…</c> (its claim session), subscribes to the session's reply
/// topic, sends a <see cref="ClaimRequest"/> for its device id and waits for the <see cref="ClaimReply"/>. The broker
/// lets the session touch nothing else. MQTT 3.1.1 with a clean session, as the ESP32's M2Mqtt would do it.
/// </summary>
internal static class BoardClaimant
{
    public static async Task<ClaimOutcome> ClaimAsync(string host, int port, X509Certificate2? ca, ClaimTokenText token, string fleet, string device,
        TimeSpan timeout, CancellationToken cancellationToken)
    {
        string session = "claim-" + RandomNumberGenerator.GetHexString(16, lowercase: true);
        var answer = new TaskCompletionSource<ClaimReply>(TaskCreationOptions.RunContinuationsAsynchronously);
        using IMqttClient client = new MqttClientFactory().CreateMqttClient();
        client.ApplicationMessageReceivedAsync += e =>
        {
            byte[] payload = System.Buffers.BuffersExtensions.ToArray(e.ApplicationMessage.Payload);
            var reply = new ClaimReply();
            if (reply.ReadFrom(payload, 0, payload.Length) == DecodeStatus.Ok)
            {
                answer.TrySetResult(reply);
            }

            return Task.CompletedTask;
        };

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            MqttClientOptions options = new MqttClientOptionsBuilder()
                .WithTcpServer(host, port)
                .WithBrokerCa(host, ca)
                .WithClientId(session)
                .WithCredentials(token.User, token.Secret)
                .WithProtocolVersion(MQTTnet.Formatter.MqttProtocolVersion.V311)
                .WithCleanSession(true)
                .WithTimeout(timeout)
                .Build();
            MqttClientConnectResult connected = await client.ConnectAsync(options, deadline.Token).ConfigureAwait(false);
            if (connected.ResultCode != MqttClientConnectResultCode.Success)
            {
                return new ClaimOutcome(null, null, "the broker refused the claim token (" + connected.ResultCode + ")");
            }

            MqttClientSubscribeResult subscribed = await client.SubscribeAsync(
                new MqttClientSubscribeOptionsBuilder().WithTopicFilter(DeviceTopics.ClaimReplyTopic(fleet, session), MqttQualityOfServiceLevel.AtLeastOnce).Build(),
                deadline.Token).ConfigureAwait(false);
            if (subscribed.Items.Any(i => i.ResultCode > MqttClientSubscribeResultCode.GrantedQoS2))
            {
                return new ClaimOutcome(null, null, "the broker refused the claim reply subscription");
            }

            var request = new ClaimRequest { TokenId = token.Id, Secret = token.Secret, Device = device };
            byte[] frame = new byte[request.FrameLength];
            request.WriteTo(frame, 0);
            await client.PublishAsync(new MqttApplicationMessageBuilder()
                .WithTopic(DeviceTopics.ClaimRequestTopic(fleet, session))
                .WithPayload(frame)
                .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
                .Build(), deadline.Token).ConfigureAwait(false);

            ClaimReply reply = await answer.Task.WaitAsync(deadline.Token).ConfigureAwait(false);
            await client.DisconnectAsync(new MqttClientDisconnectOptions(), CancellationToken.None).ConfigureAwait(false);
            return reply.Status == ClaimStatus.Issued && reply.Device == device && reply.User.Length > 0 && reply.Secret.Length > 0
                ? new ClaimOutcome(ClaimStatus.Issued, new BrokerCredential(reply.User, reply.Secret))
                : new ClaimOutcome(reply.Status == ClaimStatus.Issued ? ClaimStatus.Invalid : reply.Status, null);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new ClaimOutcome(null, null, "no answer within " + timeout.TotalSeconds + " s");
        }
        catch (MQTTnet.Adapter.MqttConnectingFailedException ex)
        {
            // The broker refused the token at CONNECT: unknown, wrong, revoked, expired or used up.
            return new ClaimOutcome(null, null, "the broker refused the claim token: " + ex.Message);
        }
        catch (Exception ex) when (ex is MQTTnet.Exceptions.MqttCommunicationException or IOException)
        {
            // Unreachable, or the connection dropped (a token revoked meanwhile).
            return new ClaimOutcome(null, null, ex.Message);
        }
    }
}
