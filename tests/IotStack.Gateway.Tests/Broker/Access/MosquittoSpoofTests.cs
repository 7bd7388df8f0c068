using System.Buffers;
using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using IotStack.Firmware.Host.Hal;
using IotStack.Gateway.Broker.Access;
using IotStack.Gateway.Broker.Tls;
using IotStack.Gateway.Tests.Support;
using IotStack.Protocol;
using IotStack.TestServices;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace IotStack.Gateway.Tests.Broker.Access;

/// <summary>
/// Issue #15's attacks against a real Mosquitto set up as the gateway sets it up: the password file and ACL that
/// <see cref="MosquittoAccessFiles"/> writes from the board credentials, and a TLS listener with the certificate of the
/// gateway's local CA (<see cref="LocalCertificateAuthority"/>), which the boards pin (<see cref="BrokerCaPin"/>, the
/// virtual boards' own check). Every client here speaks TLS. Mosquitto drops a refused publish from an MQTT 3.1.1
/// client without a word, so the attacker speaks 3.1.1 as the ESP32 firmware does, and what matters is what a
/// subscriber with the gateway's rights receives: after the attacker's own telemetry, sent last on the same connection,
/// has arrived (Mosquitto keeps one connection's messages in order), anything spoofed before it would have too.
/// </summary>
public sealed class MosquittoSpoofTests : IAsyncLifetime
{
    private const string GatewayUser = "iotstack-gateway";
    private const string Fleet = "plant";
    private readonly TempDirectory _dir = new();
    private readonly string _gatewaySecret = SecretHash.NewSecret();
    private readonly DeviceTopics _a = new(Fleet, "a");
    private readonly DeviceTopics _b = new(Fleet, "b");
    private DeviceCredentialStore _store = null!;
    private PrivateMosquitto _broker = null!;
    private X509Certificate2 _ca = null!;
    private string _secretA = "";
    private string _secretB = "";

    public async Task InitializeAsync()
    {
        _store = new DeviceCredentialStore(_dir.File("mqtt-devices"));
        _secretA = _store.Issue(Fleet, "a");
        _secretB = _store.Issue(Fleet, "b");
        WriteFiles();
        string tls = _dir.File("tls");
        BrokerIdentity identity = LocalCertificateAuthority.LoadOrCreate(tls, [], TimeProvider.System, out _);
        _ca = identity.Ca;
        _broker = await PrivateMosquitto.StartAsync(tls: TestCertificates.FromFolder(tls), access: string.Join('\n',
            "allow_anonymous false",
            "password_file " + _dir.File(MosquittoAccessFiles.PasswordFileName),
            "acl_file " + _dir.File(MosquittoAccessFiles.AclFileName)));
    }

    public async Task DisposeAsync()
    {
        await _broker.DisposeAsync();
        _ca.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public async Task Connect_AnonymousOrWrongSecretOrGuessedGateway_RefusedOverTls()
    {
        // Mosquitto 2 answers an MQTT 5 client 0x87 Not authorized for a missing and for a wrong secret alike.
        Assert.Equal(MqttClientConnectResultCode.NotAuthorized, await ConnectCodeAsync(null, null, "anon-" + Guid.NewGuid().ToString("N")[..6]));
        Assert.Equal(MqttClientConnectResultCode.NotAuthorized, await ConnectCodeAsync("plant.a", _secretB, "plant.a"));
        Assert.Equal(MqttClientConnectResultCode.NotAuthorized, await ConnectCodeAsync(GatewayUser, _secretA, "gw-guess"));
        Assert.Equal(MqttClientConnectResultCode.Success, await ConnectCodeAsync("plant.a", _secretA, "plant.a"));
    }

    [Fact]
    public async Task Publish_BoardASpoofsBoardB_RebootThresholdsOfflineAndTelemetryReachNobody()
    {
        await using Client gateway = await Client.ConnectAsync(Options(GatewayUser, _gatewaySecret, "gw-" + Guid.NewGuid().ToString("N")[..6]), "iot/#");
        await using Client victim = await Client.ConnectAsync(Options("plant.b", _secretB, "plant.b"), _b.Command);
        await using Client attacker = await Client.ConnectAsync(Options("plant.a", _secretA, "plant.a", MqttProtocolVersion.V311));

        await attacker.PublishAsync(_b.Command, Frames.Command(new Command { Kind = CommandKind.Reboot, CommandId = 7 }), retain: false);
        await attacker.PublishAsync(_b.Command, Frames.Command(new Command { Kind = CommandKind.SetThresholds, CommandId = 8, Channel = 1, Min = -1000, Max = 1000 }), retain: false);
        await attacker.PublishAsync(_b.Status, Frames.Status(DeviceState.Offline), retain: true);
        await attacker.PublishAsync(_b.Telemetry, Frames.Telemetry(4_000_000_000, TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds(), temperature: 99f), retain: false);
        // Commands are the gateway's to send, to the attacker's own board too.
        await attacker.PublishAsync(_a.Command, Frames.Command(new Command { Kind = CommandKind.Reboot, CommandId = 9 }), retain: false);
        await attacker.PublishAsync(_a.Telemetry, Frames.Telemetry(1, 1), retain: false);               // its own: allowed, and the marker

        await Eventually.TrueAsync(() => Task.FromResult(gateway.Topics.Contains(_a.Telemetry)), "the attacker's own telemetry reached the gateway");
        Assert.Equal([_a.Telemetry], gateway.Topics.ToArray());
        // The victim's own command topic: the gateway's command after the spoofs arrives, and it is the only one.
        await using (Client sender = await Client.ConnectAsync(Options(GatewayUser, _gatewaySecret, "gw-send-" + Guid.NewGuid().ToString("N")[..6])))
        {
            await sender.PublishAsync(_b.Command, [42], retain: false);
        }

        await Eventually.TrueAsync(() => Task.FromResult(!victim.Messages.IsEmpty), "the gateway's command reached board b");
        Assert.Equal([(_b.Command, 42)], victim.Messages.Select(m => (m.Topic, (int)m.Payload[0])).ToArray());
        // No retained "offline" for b: a retained message comes right after the SUBACK, before the marker published later.
        await using Client late = await Client.ConnectAsync(Options(GatewayUser, _gatewaySecret, "gw-late-" + Guid.NewGuid().ToString("N")[..6]), _b.Status, "iotstack/spoof-marker");
        await late.PublishAsync("iotstack/spoof-marker", [1], retain: false);
        await Eventually.TrueAsync(() => Task.FromResult(late.Topics.Contains("iotstack/spoof-marker")), "marker received");
        Assert.DoesNotContain(_b.Status, late.Topics);
        Assert.Contains("Denied PUBLISH from plant.a", _broker.Log(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Publish_BoardWithMqtt5_RefusedWithNotAuthorized()
    {
        await using Client attacker = await Client.ConnectAsync(Options("plant.a", _secretA, "plant.a"));

        MqttClientPublishResult reboot = await attacker.PublishAsync(_b.Command, Frames.Command(new Command { Kind = CommandKind.Reboot, CommandId = 1 }), retain: false);
        MqttClientPublishResult own = await attacker.PublishAsync(_a.Telemetry, Frames.Telemetry(1, 1), retain: false);

        Assert.Equal(MqttClientPublishReasonCode.NotAuthorized, reboot.ReasonCode);
        Assert.True(own.IsSuccess, own.ReasonCode.ToString());
    }

    [Fact]
    public async Task Subscribe_BoardToEverything_ReceivesOnlyItsOwnCommandAndOtaTopics()
    {
        await using Client nosy = await Client.ConnectAsync(Options("plant.a", _secretA, "plant.a"), "#", "iot/+/+/telemetry", _b.Command, "$SYS/#", _a.Command);
        await using Client boardB = await Client.ConnectAsync(Options("plant.b", _secretB, "plant.b"));
        await using Client sender = await Client.ConnectAsync(Options(GatewayUser, _gatewaySecret, "gw-send-" + Guid.NewGuid().ToString("N")[..6]));

        await boardB.PublishAsync(_b.Telemetry, Frames.Telemetry(1, 1), retain: false);
        await boardB.PublishAsync(_b.Status, Frames.Status(DeviceState.Online), retain: false);
        await sender.PublishAsync(_b.Command, [1], retain: false);
        await sender.PublishAsync(_b.OtaOffer, [2], retain: false);
        await sender.PublishAsync(_b.OtaChunk, [3], retain: false);
        await sender.PublishAsync("iotstack/gateway/internal", [4], retain: false);
        await sender.PublishAsync(_a.OtaOffer, [5], retain: false);
        await sender.PublishAsync(_a.Command, [6], retain: false);                                          // the marker

        await Eventually.TrueAsync(() => Task.FromResult(nosy.Messages.Any(m => m.Topic == _a.Command)), "a's own command reached a");
        // Mosquitto grants the filters and checks read access per message: nothing of b's, nothing of the gateway's.
        Assert.All(nosy.Messages, m => Assert.True(m.Topic == _a.Command || m.Topic == _a.OtaOffer, m.Topic));
        Assert.Contains(nosy.Messages, m => m.Topic == _a.OtaOffer);
    }

    [Fact]
    public async Task Revoke_FilesRewrittenAndSighup_ConnectedBoardDroppedAndRefusedAfter()
    {
        await using Client board = await Client.ConnectAsync(Options("plant.a", _secretA, "plant.a"), _a.Command);
        Assert.True(board.IsConnected);

        Assert.True(_store.Revoke(Fleet, "a"));
        string pidFile = _dir.File("mosquitto.pid");
        await File.WriteAllTextAsync(pidFile, _broker.ProcessId.ToString(CultureInfo.InvariantCulture));
        WriteFiles(pidFile);   // as MosquittoAccessSync does after a revocation: rewrite, then SIGHUP

        await Eventually.TrueAsync(() => Task.FromResult(!board.IsConnected), "revoked board disconnected by Mosquitto");
        Assert.Equal(MqttClientConnectResultCode.NotAuthorized, await ConnectCodeAsync("plant.a", _secretA, "plant.a"));
        // The other board is untouched.
        Assert.Equal(MqttClientConnectResultCode.Success, await ConnectCodeAsync("plant.b", _secretB, "plant.b"));
    }

    [Fact]
    public async Task Connect_BoardPinningAnotherCa_RefusesTheBrokerBeforeSendingItsSecret()
    {
        using var other = new TempDirectory();
        BrokerIdentity otherCa = LocalCertificateAuthority.LoadOrCreate(other.File("tls"), [], TimeProvider.System, out _);

        using IMqttClient board = new MqttClientFactory().CreateMqttClient();
        MqttClientOptions options = new MqttClientOptionsBuilder().WithTcpServer(_broker.Host, _broker.TlsPort)
            .WithCredentials("plant.a", _secretA).WithClientId("plant.a").WithProtocolVersion(MqttProtocolVersion.V311)
            .WithBrokerCa(_broker.Host, otherCa.Ca).WithTimeout(TimeSpan.FromSeconds(10)).Build();

        await Assert.ThrowsAnyAsync<Exception>(() => board.ConnectAsync(options));
        Assert.False(board.IsConnected);
        // The board ended the handshake itself: Mosquitto never saw a CONNECT from it (its own pin still works).
        Assert.DoesNotContain("as plant.a", _broker.Log(), StringComparison.Ordinal);
        Assert.Equal(MqttClientConnectResultCode.Success, await ConnectCodeAsync("plant.a", _secretA, "plant.a"));
        otherCa.Ca.Dispose();
    }

    private void WriteFiles(string? pidFile = null) =>
        MosquittoAccessFiles.Write(_dir.Path, GatewayUser, SecretHash.Hash(_gatewaySecret), _store.All, pidFile);

    /// <summary>TLS to the private broker, pinned to the gateway's local CA as a board pins it.</summary>
    private MqttClientOptions Options(string? user, string? secret, string clientId, MqttProtocolVersion version = MqttProtocolVersion.V500)
    {
        MqttClientOptionsBuilder builder = new MqttClientOptionsBuilder().WithTcpServer(_broker.Host, _broker.TlsPort)
            .WithBrokerCa(_broker.Host, _ca).WithClientId(clientId).WithProtocolVersion(version).WithCleanSession();
        return (user is null ? builder : builder.WithCredentials(user, secret)).Build();
    }

    private async Task<MqttClientConnectResultCode> ConnectCodeAsync(string? user, string? secret, string clientId)
    {
        using IMqttClient client = new MqttClientFactory().CreateMqttClient();
        try
        {
            MqttClientConnectResult result = await client.ConnectAsync(Options(user, secret, clientId));
            await client.DisconnectAsync();
            return result.ResultCode;
        }
        catch (MQTTnet.Adapter.MqttConnectingFailedException ex)
        {
            // MQTTnet 5 names the CONNACK's reason code in the message only.
            return Enum.GetValues<MqttClientConnectResultCode>().FirstOrDefault(
                c => c != MqttClientConnectResultCode.Success && ex.Message.Contains(c.ToString(), StringComparison.Ordinal),
                MqttClientConnectResultCode.UnspecifiedError);
        }
    }

    /// <summary>An MQTT client that records what arrives on its filters, in order.</summary>
    private sealed class Client : IAsyncDisposable
    {
        private readonly IMqttClient _client = new MqttClientFactory().CreateMqttClient();

        public ConcurrentQueue<(string Topic, byte[] Payload)> Messages { get; } = new();

        public IEnumerable<string> Topics => Messages.Select(m => m.Topic);

        public bool IsConnected => _client.IsConnected;

        public static async Task<Client> ConnectAsync(MqttClientOptions options, params string[] filters)
        {
            var client = new Client();
            client._client.ApplicationMessageReceivedAsync += e =>
            {
                client.Messages.Enqueue((e.ApplicationMessage.Topic, e.ApplicationMessage.Payload.ToArray()));
                return Task.CompletedTask;
            };
            await client._client.ConnectAsync(options);
            if (filters.Length > 0)
            {
                MqttClientSubscribeOptionsBuilder subscribe = new();
                foreach (string filter in filters)
                {
                    subscribe.WithTopicFilter(filter, MqttQualityOfServiceLevel.AtLeastOnce);
                }

                await client._client.SubscribeAsync(subscribe.Build());
            }

            return client;
        }

        public Task<MqttClientPublishResult> PublishAsync(string topic, byte[] payload, bool retain) =>
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
