using IotStack.Firmware.Host.Hal;
using IotStack.Gateway.Broker.Access;
using IotStack.Gateway.Broker.Tls;
using IotStack.Gateway.Tests.Support;
using IotStack.Protocol;
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
    private const string GatewayUser = MosquittoAccessRig.GatewayUser;
    private const string Fleet = MosquittoAccessRig.Fleet;
    private readonly DeviceTopics _a = new(Fleet, "a");
    private readonly DeviceTopics _b = new(Fleet, "b");
    private MosquittoAccessRig _rig = null!;

    public async Task InitializeAsync() => _rig = await MosquittoAccessRig.StartAsync(tls: true);

    public async Task DisposeAsync() => await _rig.DisposeAsync();

    [Fact]
    public async Task Connect_AnonymousOrWrongSecretOrGuessedGateway_RefusedOverTls()
    {
        // Mosquitto 2 answers an MQTT 5 client 0x87 Not authorized for a missing and for a wrong secret alike.
        Assert.Equal(MqttClientConnectResultCode.NotAuthorized, await _rig.ConnectCodeAsync(null, null, "anon-" + Guid.NewGuid().ToString("N")[..6]));
        Assert.Equal(MqttClientConnectResultCode.NotAuthorized, await _rig.ConnectCodeAsync("plant.a", _rig.SecretB, "plant.a"));
        Assert.Equal(MqttClientConnectResultCode.NotAuthorized, await _rig.ConnectCodeAsync(GatewayUser, _rig.SecretA, "gw-guess"));
        Assert.Equal(MqttClientConnectResultCode.Success, await _rig.ConnectCodeAsync("plant.a", _rig.SecretA, "plant.a"));
    }

    [Fact]
    public async Task Publish_BoardASpoofsBoardB_RebootThresholdsOfflineAndTelemetryReachNobody()
    {
        await using RecordingMqttClient gateway = await RecordingMqttClient.ConnectAsync(_rig.Options(GatewayUser, _rig.GatewaySecret, "gw-" + Guid.NewGuid().ToString("N")[..6]), "iot/#");
        await using RecordingMqttClient victim = await RecordingMqttClient.ConnectAsync(_rig.Options("plant.b", _rig.SecretB, "plant.b"), _b.Command);
        await using RecordingMqttClient attacker = await RecordingMqttClient.ConnectAsync(_rig.Options("plant.a", _rig.SecretA, "plant.a", MqttProtocolVersion.V311));

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
        await using (RecordingMqttClient sender = await RecordingMqttClient.ConnectAsync(_rig.Options(GatewayUser, _rig.GatewaySecret, "gw-send-" + Guid.NewGuid().ToString("N")[..6])))
        {
            await sender.PublishAsync(_b.Command, [42], retain: false);
        }

        await Eventually.TrueAsync(() => Task.FromResult(!victim.Messages.IsEmpty), "the gateway's command reached board b");
        Assert.Equal([(_b.Command, 42)], victim.Messages.Select(m => (m.Topic, (int)m.Payload[0])).ToArray());
        // No retained "offline" for b: a retained message comes right after the SUBACK, before the marker published later.
        await using RecordingMqttClient late = await RecordingMqttClient.ConnectAsync(_rig.Options(GatewayUser, _rig.GatewaySecret, "gw-late-" + Guid.NewGuid().ToString("N")[..6]), _b.Status, "iotstack/spoof-marker");
        await late.PublishAsync("iotstack/spoof-marker", [1], retain: false);
        await Eventually.TrueAsync(() => Task.FromResult(late.Topics.Contains("iotstack/spoof-marker")), "marker received");
        Assert.DoesNotContain(_b.Status, late.Topics);
        Assert.Contains("Denied PUBLISH from plant.a", _rig.Broker.Log(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Publish_BoardWithMqtt5_RefusedWithNotAuthorized()
    {
        await using RecordingMqttClient attacker = await RecordingMqttClient.ConnectAsync(_rig.Options("plant.a", _rig.SecretA, "plant.a"));

        MqttClientPublishResult reboot = await attacker.PublishAsync(_b.Command, Frames.Command(new Command { Kind = CommandKind.Reboot, CommandId = 1 }), retain: false);
        MqttClientPublishResult own = await attacker.PublishAsync(_a.Telemetry, Frames.Telemetry(1, 1), retain: false);

        Assert.Equal(MqttClientPublishReasonCode.NotAuthorized, reboot.ReasonCode);
        Assert.True(own.IsSuccess, own.ReasonCode.ToString());
    }

    [Fact]
    public async Task Subscribe_BoardToEverything_ReceivesOnlyItsOwnCommandAndOtaTopics()
    {
        await using RecordingMqttClient nosy = await RecordingMqttClient.ConnectAsync(_rig.Options("plant.a", _rig.SecretA, "plant.a"), "#", "iot/+/+/telemetry", _b.Command, "$SYS/#", _a.Command);
        await using RecordingMqttClient boardB = await RecordingMqttClient.ConnectAsync(_rig.Options("plant.b", _rig.SecretB, "plant.b"));
        await using RecordingMqttClient sender = await RecordingMqttClient.ConnectAsync(_rig.Options(GatewayUser, _rig.GatewaySecret, "gw-send-" + Guid.NewGuid().ToString("N")[..6]));

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
        await using RecordingMqttClient board = await RecordingMqttClient.ConnectAsync(_rig.Options("plant.a", _rig.SecretA, "plant.a"), _a.Command);
        Assert.True(board.IsConnected);

        Assert.True(await _rig.RevokeAsync("a"));

        await Eventually.TrueAsync(() => Task.FromResult(!board.IsConnected), "revoked board disconnected by Mosquitto");
        Assert.Equal(MqttClientConnectResultCode.NotAuthorized, await _rig.ConnectCodeAsync("plant.a", _rig.SecretA, "plant.a"));
        // The other board is untouched.
        Assert.Equal(MqttClientConnectResultCode.Success, await _rig.ConnectCodeAsync("plant.b", _rig.SecretB, "plant.b"));
    }

    [Fact]
    public async Task Connect_BoardPinningAnotherCa_RefusesTheBrokerBeforeSendingItsSecret()
    {
        using var other = new TempDirectory();
        BrokerIdentity otherCa = LocalCertificateAuthority.LoadOrCreate(other.File("tls"), [], TimeProvider.System, out _);

        using IMqttClient board = new MqttClientFactory().CreateMqttClient();
        MqttClientOptions options = new MqttClientOptionsBuilder().WithTcpServer(_rig.Broker.Host, _rig.Broker.TlsPort)
            .WithCredentials("plant.a", _rig.SecretA).WithClientId("plant.a").WithProtocolVersion(MqttProtocolVersion.V311)
            .WithBrokerCa(_rig.Broker.Host, otherCa.Ca).WithTimeout(TimeSpan.FromSeconds(10)).Build();

        await Assert.ThrowsAnyAsync<Exception>(() => board.ConnectAsync(options));
        Assert.False(board.IsConnected);
        // The board ended the handshake itself: Mosquitto never saw a CONNECT from it (its own pin still works).
        Assert.DoesNotContain("as plant.a", _rig.Broker.Log(), StringComparison.Ordinal);
        Assert.Equal(MqttClientConnectResultCode.Success, await _rig.ConnectCodeAsync("plant.a", _rig.SecretA, "plant.a"));
        otherCa.Ca.Dispose();
    }
}
