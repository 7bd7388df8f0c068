using IotStack.Gateway.Tests.Support;
using IotStack.Protocol;
using MQTTnet;

namespace IotStack.Gateway.Tests.Broker.Access;

/// <summary>
/// The password and ACL files the gateway writes for Mosquitto, loaded by a real (private) Mosquitto over plain MQTT:
/// anonymous clients are refused, a board's spoofs and its '#' subscription deliver nothing, and a revocation (files
/// rewritten, SIGHUP) drops the connected board.
/// </summary>
public sealed class MosquittoAccessFilesTests : IAsyncLifetime
{
    private const string GatewayUser = MosquittoAccessRig.GatewayUser;
    private MosquittoAccessRig _rig = null!;

    public async Task InitializeAsync() => _rig = await MosquittoAccessRig.StartAsync(tls: false);

    public async Task DisposeAsync() => await _rig.DisposeAsync();

    [Fact]
    public async Task Connect_Anonymous_Refused()
    {
        Assert.NotEqual(MqttClientConnectResultCode.Success, await _rig.ConnectCodeAsync(null, null, "anon"));
    }

    [Fact]
    public async Task Board_SpoofsAndHashSubscription_DeliverNothingItsOwnTopicsWork()
    {
        var a = new DeviceTopics("plant", "a");
        var b = new DeviceTopics("plant", "b");
        var c = new DeviceTopics("plant", "c");
        await using RecordingMqttClient gateway = await RecordingMqttClient.ConnectAsync(_rig.Options(GatewayUser, _rig.GatewaySecret, "gw-" + Guid.NewGuid().ToString("N")[..6]), "iot/#");
        await using RecordingMqttClient board = await RecordingMqttClient.ConnectAsync(_rig.Options("plant.a", _rig.SecretA, "plant.a"), "#", a.Command);

        await board.PublishAsync(b.Command, Frames.Command(new Command { Kind = CommandKind.Reboot, CommandId = 1 }), retain: false);
        await board.PublishAsync(b.Status, Frames.Status(DeviceState.Offline), retain: true);
        await board.PublishAsync(b.Telemetry, Frames.Telemetry(4_000_000_000, 1), retain: false);
        await board.PublishAsync(a.Telemetry, Frames.Telemetry(1, 1), retain: false);                     // its own: allowed
        // The gateway's commands come from a connection of its own that subscribes to nothing.
        await using RecordingMqttClient sender = await RecordingMqttClient.ConnectAsync(_rig.Options(GatewayUser, _rig.GatewaySecret, "gw-send-" + Guid.NewGuid().ToString("N")[..6]));
        await sender.PublishAsync(c.Command, [1], retain: false);                                          // not for a's eyes
        await sender.PublishAsync(a.Command, [2], retain: false);                                          // a's marker

        // Mosquitto delivers in order per connection: once the later message is in, the earlier ones would be too.
        await Eventually.TrueAsync(() => Task.FromResult(gateway.Topics.Contains(a.Telemetry)), "a's own telemetry reached the gateway");
        await Eventually.TrueAsync(() => Task.FromResult(board.Topics.Contains(a.Command)), "a's own command reached a");
        Assert.False(gateway.Topics.Contains(b.Command), "spoofed command delivered");
        Assert.False(gateway.Topics.Contains(b.Status), "spoofed status delivered");
        Assert.False(gateway.Topics.Contains(b.Telemetry), "spoofed telemetry delivered");
        // Mosquitto grants the '#' filter itself but checks read access per message: only a's own topics come through.
        Assert.Equal([a.Command], board.Topics.Distinct().ToArray());
    }

    [Fact]
    public async Task Revoke_FilesRewrittenAndReloaded_ConnectedBoardDropped()
    {
        await using RecordingMqttClient board = await RecordingMqttClient.ConnectAsync(_rig.Options("plant.a", _rig.SecretA, "plant.a"), new DeviceTopics("plant", "a").Command);
        Assert.True(board.IsConnected);

        Assert.True(await _rig.RevokeAsync("a"));

        await Eventually.TrueAsync(() => Task.FromResult(!board.IsConnected), "revoked board disconnected by Mosquitto");
    }
}
