using System.Collections.Concurrent;
using System.Globalization;
using IotStack.Gateway.Broker.Access;
using IotStack.Gateway.Tests.Support;
using IotStack.Protocol;
using IotStack.TestServices;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace IotStack.Gateway.Tests.Broker.Access;

/// <summary>
/// The password and ACL files the gateway writes for Mosquitto, loaded by a real (private) Mosquitto: anonymous clients
/// are refused, a board's spoofs and its '#' subscription deliver nothing, and a revocation (files rewritten, SIGHUP)
/// drops the connected board.
/// </summary>
public sealed class MosquittoAccessFilesTests : IAsyncLifetime
{
    private const string GatewayUser = "iotstack-gateway";
    private readonly TempDirectory _dir = new();
    private readonly string _gatewaySecret = SecretHash.NewSecret();
    private DeviceCredentialStore _store = null!;
    private PrivateMosquitto _broker = null!;
    private string _secretA = "";

    public async Task InitializeAsync()
    {
        _store = new DeviceCredentialStore(_dir.File("mqtt-devices"));
        _secretA = _store.Issue("plant", "a");
        _store.Issue("plant", "b");
        WriteFiles();
        _broker = await PrivateMosquitto.StartAsync(access: string.Join('\n',
            "allow_anonymous false",
            "password_file " + _dir.File(MosquittoAccessFiles.PasswordFileName),
            "acl_file " + _dir.File(MosquittoAccessFiles.AclFileName)));
    }

    public async Task DisposeAsync()
    {
        await _broker.DisposeAsync();
        _dir.Dispose();
    }

    [Fact]
    public async Task Connect_Anonymous_Refused()
    {
        using IMqttClient anonymous = new MqttClientFactory().CreateMqttClient();
        MqttClientConnectResultCode code;
        try
        {
            code = (await anonymous.ConnectAsync(Options(null, null, "anon"))).ResultCode;
        }
        catch (MQTTnet.Adapter.MqttConnectingFailedException)
        {
            code = MqttClientConnectResultCode.NotAuthorized;
        }

        Assert.NotEqual(MqttClientConnectResultCode.Success, code);
    }

    [Fact]
    public async Task Board_SpoofsAndHashSubscription_DeliverNothingItsOwnTopicsWork()
    {
        var a = new DeviceTopics("plant", "a");
        var b = new DeviceTopics("plant", "b");
        var c = new DeviceTopics("plant", "c");
        await using Subscriber gateway = await Subscriber.ConnectAsync(Options(GatewayUser, _gatewaySecret, "gw-" + Guid.NewGuid().ToString("N")[..6]), "iot/#");
        await using Subscriber board = await Subscriber.ConnectAsync(Options("plant.a", _secretA, "plant.a"), "#", a.Command);

        await board.PublishAsync(b.Command, Frames.Command(new Command { Kind = CommandKind.Reboot, CommandId = 1 }), retain: false);
        await board.PublishAsync(b.Status, Frames.Status(DeviceState.Offline), retain: true);
        await board.PublishAsync(b.Telemetry, Frames.Telemetry(4_000_000_000, 1), retain: false);
        await board.PublishAsync(a.Telemetry, Frames.Telemetry(1, 1), retain: false);                     // its own: allowed
        // The gateway's commands come from a connection of its own that subscribes to nothing.
        await using Subscriber sender = await Subscriber.ConnectAsync(Options(GatewayUser, _gatewaySecret, "gw-send-" + Guid.NewGuid().ToString("N")[..6]));
        await sender.PublishAsync(c.Command, [1], retain: false);                                          // not for a's eyes
        await sender.PublishAsync(a.Command, [2], retain: false);                                          // a's marker

        // Mosquitto delivers in order per connection: once the later message is in, the earlier ones would be too.
        await Eventually.TrueAsync(() => Task.FromResult(gateway.Received.ContainsKey(a.Telemetry)), "a's own telemetry reached the gateway");
        await Eventually.TrueAsync(() => Task.FromResult(board.Received.ContainsKey(a.Command)), "a's own command reached a");
        Assert.False(gateway.Received.ContainsKey(b.Command), "spoofed command delivered");
        Assert.False(gateway.Received.ContainsKey(b.Status), "spoofed status delivered");
        Assert.False(gateway.Received.ContainsKey(b.Telemetry), "spoofed telemetry delivered");
        // Mosquitto grants the '#' filter itself but checks read access per message: only a's own topics come through.
        Assert.Equal([a.Command], board.Received.Keys.ToArray());
    }

    [Fact]
    public async Task Revoke_FilesRewrittenAndReloaded_ConnectedBoardDropped()
    {
        await using Subscriber board = await Subscriber.ConnectAsync(Options("plant.a", _secretA, "plant.a"), new DeviceTopics("plant", "a").Command);
        Assert.True(board.IsConnected);

        Assert.True(_store.Revoke("plant", "a"));
        string pidFile = _dir.File("mosquitto.pid");
        await File.WriteAllTextAsync(pidFile, _broker.ProcessId.ToString(CultureInfo.InvariantCulture));
        WriteFiles(pidFile);

        await Eventually.TrueAsync(() => Task.FromResult(!board.IsConnected), "revoked board disconnected by Mosquitto");
    }

    private void WriteFiles(string? pidFile = null) =>
        MosquittoAccessFiles.Write(_dir.Path, GatewayUser, SecretHash.Hash(_gatewaySecret), _store.All, pidFile);

    private MqttClientOptions Options(string? user, string? secret, string clientId)
    {
        MqttClientOptionsBuilder builder = new MqttClientOptionsBuilder().WithTcpServer(_broker.Host, _broker.Port)
            .WithClientId(clientId).WithProtocolVersion(MqttProtocolVersion.V500).WithCleanStart();
        return (user is null ? builder : builder.WithCredentials(user, secret)).Build();
    }

    private sealed class Subscriber : IAsyncDisposable
    {
        private readonly IMqttClient _client = new MqttClientFactory().CreateMqttClient();

        /// <summary>Messages received per topic.</summary>
        public ConcurrentDictionary<string, int> Received { get; } = new(StringComparer.Ordinal);

        public bool IsConnected => _client.IsConnected;

        public static async Task<Subscriber> ConnectAsync(MqttClientOptions options, params string[] filters)
        {
            var subscriber = new Subscriber();
            subscriber._client.ApplicationMessageReceivedAsync += e =>
            {
                subscriber.Received.AddOrUpdate(e.ApplicationMessage.Topic, 1, (_, n) => n + 1);
                return Task.CompletedTask;
            };
            await subscriber._client.ConnectAsync(options);
            if (filters.Length > 0)
            {
                MqttClientSubscribeOptionsBuilder subscribe = new();
                foreach (string filter in filters)
                {
                    subscribe.WithTopicFilter(filter, MqttQualityOfServiceLevel.AtLeastOnce);
                }

                await subscriber._client.SubscribeAsync(subscribe.Build());
            }
            return subscriber;
        }

        public Task PublishAsync(string topic, byte[] payload, bool retain) =>
            _client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(payload)
                .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).WithRetainFlag(retain).Build());

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
