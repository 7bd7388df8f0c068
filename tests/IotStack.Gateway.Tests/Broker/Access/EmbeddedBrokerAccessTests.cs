using System.Collections.Concurrent;
using IotStack.Gateway.Broker.Access;
using IotStack.Gateway.Tests.Support;
using IotStack.Protocol;
using Microsoft.Extensions.DependencyInjection;
using MQTTnet;
using MQTTnet.Adapter;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace IotStack.Gateway.Tests.Broker.Access;

/// <summary>
/// The embedded broker against the attacks of issue #15: anonymous and wrong-secret connects, a board publishing as
/// another (reboot, thresholds, retained offline status, telemetry with sequence 4,000,000,000), a board subscribing to
/// '#', a will aimed at another board, and revocation of a connected board.
/// </summary>
public sealed class EmbeddedBrokerAccessTests : EmbeddedGatewayTests
{
    private const string Fleet = "acl";

    [Fact]
    public async Task Connect_NoOrWrongCredentials_RefusedAndCounted()
    {
        var (user, _) = Gateway.IssueBoard(Fleet, "b-wrong");

        MqttClientConnectResultCode anonymous = await ConnectCodeAsync(null, null, "anon-" + Guid.NewGuid().ToString("N")[..8]);
        MqttClientConnectResultCode wrong = await ConnectCodeAsync(user, "not-the-secret", user);
        MqttClientConnectResultCode gatewayName = await ConnectCodeAsync("iotstack-gateway", "guess", "x");

        Assert.Equal(MqttClientConnectResultCode.BadUserNameOrPassword, anonymous);
        Assert.Equal(MqttClientConnectResultCode.BadUserNameOrPassword, wrong);
        Assert.Equal(MqttClientConnectResultCode.BadUserNameOrPassword, gatewayName);
        Assert.True(Gateway.Metrics.MqttConnectRefused >= 3);
    }

    [Fact]
    public async Task Connect_BoardWithAnotherBoardsClientId_Refused()
    {
        var (user, secret) = Gateway.IssueBoard(Fleet, "b-id");
        Assert.Equal(MqttClientConnectResultCode.ClientIdentifierNotValid, await ConnectCodeAsync(user, secret, Fleet + ".someone-else"));
    }

    [Fact]
    public async Task Publish_BoardSpoofsAnotherBoard_EveryAttackRefusedNothingStored()
    {
        var (attackerUser, attackerSecret) = Gateway.IssueBoard(Fleet, "attacker");
        string victim = "victim-" + Guid.NewGuid().ToString("N")[..6];
        var victimTopics = new DeviceTopics(Fleet, victim);
        await using Watcher watcher = await Watcher.StartAsync(Gateway, victimTopics.Command);
        using IMqttClient attacker = await ConnectAsync(attackerUser, attackerSecret, attackerUser);

        var reboot = new Command { Kind = CommandKind.Reboot, CommandId = 7 };
        var thresholds = new Command { Kind = CommandKind.SetThresholds, CommandId = 8, Channel = 1, Min = -1000, Max = 1000 };
        MqttClientPublishResult[] results =
        [
            await PublishAsync(attacker, victimTopics.Command, Frames.Command(reboot), retain: false),
            await PublishAsync(attacker, victimTopics.Command, Frames.Command(thresholds), retain: false),
            await PublishAsync(attacker, victimTopics.Status, Frames.Status(DeviceState.Offline), retain: true),
            await PublishAsync(attacker, victimTopics.Telemetry, Frames.Telemetry(4_000_000_000, TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds(), temperature: 99f), retain: false),
            // Its own command topic is the gateway's to write, too.
            await PublishAsync(attacker, new DeviceTopics(Fleet, "attacker").Command, Frames.Command(reboot), retain: false),
        ];

        Assert.All(results, r => Assert.Equal(MqttClientPublishReasonCode.NotAuthorized, r.ReasonCode));
        Assert.True(Gateway.Metrics.MqttPublishRefused >= results.Length);
        // The attacker's own telemetry still goes through after all that (a refusal is not a disconnect).
        MqttClientPublishResult own = await PublishAsync(attacker, new DeviceTopics(Fleet, "attacker").Telemetry, Frames.Telemetry(1, TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds()), retain: false);
        Assert.Equal(MqttClientPublishReasonCode.Success, own.ReasonCode);
        await Eventually.TrueAsync(async () => await Gateway.Store.ReadDeviceAsync("attacker", CancellationToken.None) is not null, "the attacker's own telemetry stored");
        Assert.Null(await Gateway.Store.ReadDeviceAsync(victim, CancellationToken.None));
        Assert.Empty(watcher.Received);
    }

    [Fact]
    public async Task Subscribe_BoardToHashOrAnotherBoard_RefusedOwnCommandGranted()
    {
        var (user, secret) = Gateway.IssueBoard(Fleet, "nosy");
        using IMqttClient nosy = await ConnectAsync(user, secret, user);

        MqttClientSubscribeResult result = await nosy.SubscribeAsync(new MqttClientSubscribeOptionsBuilder()
            .WithTopicFilter("#")
            .WithTopicFilter("iot/+/+/telemetry")
            .WithTopicFilter(new DeviceTopics(Fleet, "other").Command)
            .WithTopicFilter(new DeviceTopics(Fleet, "nosy").Command)
            .Build());

        MqttClientSubscribeResultCode[] codes = [.. result.Items.Select(i => i.ResultCode)];
        Assert.Equal(MqttClientSubscribeResultCode.NotAuthorized, codes[0]);
        Assert.Equal(MqttClientSubscribeResultCode.NotAuthorized, codes[1]);
        Assert.Equal(MqttClientSubscribeResultCode.NotAuthorized, codes[2]);
        Assert.True(codes[3] <= MqttClientSubscribeResultCode.GrantedQoS2);
        Assert.True(Gateway.Metrics.MqttSubscribeRefused >= 3);
    }

    [Fact]
    public async Task Will_AimedAtAnotherBoardsStatus_NotPublished()
    {
        var (user, secret) = Gateway.IssueBoard(Fleet, "willer");
        var victim = new DeviceTopics(Fleet, "will-victim-" + Guid.NewGuid().ToString("N")[..6]);
        IMqttClient willer = new MqttClientFactory().CreateMqttClient();
        await willer.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer((await Gateway.BrokerAsync()).Host, (await Gateway.BrokerAsync()).Port)
            .WithCredentials(user, secret).WithClientId(user).WithProtocolVersion(MqttProtocolVersion.V500)
            .WithWillTopic(victim.Status).WithWillPayload(Frames.Status(DeviceState.Offline)).WithWillRetain(true)
            .WithWillQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build());
        long refusedBefore = Gateway.Metrics.MqttPublishRefused;
        willer.Dispose();                                            // socket gone without DISCONNECT: the will is due
        // The will goes through the same publish check as any message, and is refused there (not merely lost).
        await Eventually.TrueAsync(() => Task.FromResult(Gateway.Metrics.MqttPublishRefused > refusedBefore), "the will refused");
        await Eventually.TrueAsync(async () => !(await Gateway.App.Services.GetRequiredService<IotStack.Gateway.Broker.EmbeddedBroker>().ClientIdsAsync()).Contains(user),
            "the broker noticed the dropped connection");

        // A retained message is sent right after the SUBACK (MQTT 5 §3.8.4), before the marker published after it.
        await using Watcher watcher = await Watcher.StartAsync(Gateway, victim.Status, "acl/marker");
        await using (TestPublisher marker = await Gateway.PublisherAsync())
        {
            await marker.PublishAsync("acl/marker", [1]);
        }

        await Eventually.TrueAsync(() => Task.FromResult(watcher.Received.Any(m => m.Topic == "acl/marker")), "marker received");
        Assert.DoesNotContain(watcher.Received, m => m.Topic == victim.Status);
    }

    [Fact]
    public async Task Revoke_ConnectedBoard_DroppedAndRefusedOnReconnect()
    {
        var (user, secret) = Gateway.IssueBoard(Fleet, "revoked");
        using IMqttClient board = await ConnectAsync(user, secret, user);
        Assert.True(board.IsConnected);

        Assert.True(Gateway.App.Services.GetRequiredService<DeviceCredentialStore>().Revoke(Fleet, "revoked"));

        await Eventually.TrueAsync(() => Task.FromResult(!board.IsConnected), "revoked board disconnected");
        Assert.Equal(MqttClientConnectResultCode.BadUserNameOrPassword, await ConnectCodeAsync(user, secret, user));
    }

    private async Task<IMqttClient> ConnectAsync(string? user, string? secret, string clientId)
    {
        (IMqttClient client, MqttClientConnectResultCode code) = await TryConnectAsync(user, secret, clientId);
        Assert.Equal(MqttClientConnectResultCode.Success, code);
        return client;
    }

    private async Task<(IMqttClient Client, MqttClientConnectResultCode Code)> TryConnectAsync(string? user, string? secret, string clientId)
    {
        var (host, port) = await Gateway.BrokerAsync();
        IMqttClient client = new MqttClientFactory().CreateMqttClient();
        MqttClientOptionsBuilder builder = new MqttClientOptionsBuilder().WithTcpServer(host, port).WithClientId(clientId).WithProtocolVersion(MqttProtocolVersion.V500);
        if (user is not null)
        {
            builder = builder.WithCredentials(user, secret);
        }

        try
        {
            MqttClientConnectResult result = await client.ConnectAsync(builder.Build());
            return (client, result.ResultCode);
        }
        catch (MqttConnectingFailedException ex)
        {
            // MQTTnet 5 reports a refused CONNACK as this exception; its message names the reason code.
            foreach (MqttClientConnectResultCode code in Enum.GetValues<MqttClientConnectResultCode>())
            {
                if (code != MqttClientConnectResultCode.Success && ex.Message.Contains(code.ToString(), StringComparison.Ordinal))
                {
                    return (client, code);
                }
            }

            return (client, MqttClientConnectResultCode.UnspecifiedError);
        }
    }

    private async Task<MqttClientConnectResultCode> ConnectCodeAsync(string? user, string? secret, string clientId)
    {
        (IMqttClient client, MqttClientConnectResultCode code) = await TryConnectAsync(user, secret, clientId);
        client.Dispose();
        return code;
    }

    private static Task<MqttClientPublishResult> PublishAsync(IMqttClient client, string topic, byte[] payload, bool retain) =>
        client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(payload)
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).WithRetainFlag(retain).Build());

    /// <summary>A subscriber with the gateway's identity that records what arrives on some topics.</summary>
    private sealed class Watcher : IAsyncDisposable
    {
        private readonly IMqttClient _client = new MqttClientFactory().CreateMqttClient();

        public ConcurrentQueue<MqttApplicationMessage> Received { get; } = new();

        public static async Task<Watcher> StartAsync(TestGateway gateway, params string[] topics)
        {
            var watcher = new Watcher();
            var (host, port) = await gateway.BrokerAsync();
            var identity = gateway.App.Services.GetRequiredService<GatewayMqttCredentials>();
            watcher._client.ApplicationMessageReceivedAsync += e =>
            {
                watcher.Received.Enqueue(e.ApplicationMessage);
                return Task.CompletedTask;
            };
            await watcher._client.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer(host, port).WithCredentials(identity.UserName, identity.Secret)
                .WithClientId("watch-" + Guid.NewGuid().ToString("N")[..8]).WithProtocolVersion(MqttProtocolVersion.V500).Build());
            MqttClientSubscribeOptionsBuilder subscribe = new();
            foreach (string topic in topics)
            {
                subscribe.WithTopicFilter(topic, MqttQualityOfServiceLevel.AtLeastOnce);
            }

            await watcher._client.SubscribeAsync(subscribe.Build());
            return watcher;
        }

        public async ValueTask DisposeAsync()
        {
            if (_client.IsConnected)
            {
                await _client.DisconnectAsync();
            }

            _client.Dispose();
        }
    }
}
