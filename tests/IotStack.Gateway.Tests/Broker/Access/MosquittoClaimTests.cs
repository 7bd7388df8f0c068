using System.Collections.Concurrent;
using System.Globalization;
using IotStack.Firmware.Host.Claim;
using IotStack.Gateway.Broker;
using IotStack.Gateway.Broker.Access;
using IotStack.Gateway.Storage;
using IotStack.Gateway.Tests.Support;
using IotStack.Protocol;
using IotStack.TestServices;
using Microsoft.Extensions.DependencyInjection;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace IotStack.Gateway.Tests.Broker.Access;

/// <summary>
/// The claim flow behind a real (private) Mosquitto that loads the files the gateway writes: a token becomes a
/// <c>claim@{id}</c> user, the claim patterns confine the session to its own request and reply topics, and the gateway
/// answers through its one MQTT connection. The board then works under the claimed credential.
/// </summary>
public sealed class MosquittoClaimTests : IAsyncLifetime
{
    private const string Fleet = "mclaim";
    private const string GatewayUser = "iotstack-gateway";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);
    private readonly TempDirectory _dir = new();
    private readonly string _gatewaySecret = SecretHash.NewSecret();
    private PrivateMosquitto _broker = null!;
    private TestGateway _gateway = null!;

    public async Task InitializeAsync()
    {
        // Mosquitto needs the files before it starts; the gateway rewrites them from then on.
        MosquittoAccessFiles.Write(_dir.Path, GatewayUser, SecretHash.Hash(_gatewaySecret), [], null);
        _broker = await PrivateMosquitto.StartAsync(access: MosquittoAccessRig.AccessSettings(_dir.Path));
        string pidFile = _dir.File("mosquitto.pid");
        await File.WriteAllTextAsync(pidFile, _broker.ProcessId.ToString(CultureInfo.InvariantCulture));
        _gateway = await TestGateway.StartAsync(new()
        {
            ["IotStack:Broker:Mode"] = "External",
            ["IotStack:Broker:Host"] = _broker.Host,
            ["IotStack:Broker:Port"] = TestGateway.Port(_broker.Port),
            ["IotStack:Broker:ClientId"] = "gw-" + Guid.NewGuid().ToString("N")[..8],
            ["IotStack:Broker:Username"] = GatewayUser,
            ["IotStack:Broker:Password"] = _gatewaySecret,
            ["IotStack:Broker:MosquittoAccessFolder"] = _dir.Path,
            ["IotStack:Broker:MosquittoPidFile"] = pidFile,
            ["IotStack:Storage:SqlitePath"] = _dir.File("gw.db"),
        });
        await _gateway.WaitConnectedAsync();
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _broker.DisposeAsync();
        _dir.Dispose();
    }

    [Fact]
    public async Task Claim_ThroughMosquitto_CredentialIssuedTelemetryStoredSessionConfined()
    {
        (_, string text) = _gateway.App.Services.GetRequiredService<ClaimTokenStore>().Create(Fleet, TimeSpan.FromHours(1), 5);
        Assert.True(ClaimTokenText.TryParse(text, out ClaimTokenText? token));

        // A claim session that looks everywhere it may not: '#' and another session's reply, plus spoofed telemetry.
        string session = "claim-" + Guid.NewGuid().ToString("N")[..16];
        var received = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        using IMqttClient nosy = new MqttClientFactory().CreateMqttClient();
        nosy.ApplicationMessageReceivedAsync += e =>
        {
            received.AddOrUpdate(e.ApplicationMessage.Topic, 1, (_, n) => n + 1);
            return Task.CompletedTask;
        };
        // The gateway's SIGHUP makes Mosquitto load the new user; until then the token is refused.
        await Eventually.TrueAsync(async () =>
        {
            try
            {
                await nosy.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer(_broker.Host, _broker.Port).WithClientId(session)
                    .WithCredentials(token!.User, token.Secret).WithProtocolVersion(MqttProtocolVersion.V500).WithCleanStart().Build());
                return true;
            }
            catch (MQTTnet.Adapter.MqttConnectingFailedException)
            {
                return false;
            }
        }, "claim user loaded by Mosquitto");
        await nosy.SubscribeAsync(new MqttClientSubscribeOptionsBuilder().WithTopicFilter("#", MqttQualityOfServiceLevel.AtLeastOnce).Build());
        await nosy.PublishAsync(new MqttApplicationMessageBuilder().WithTopic(new DeviceTopics(Fleet, "spoofed").Telemetry)
            .WithPayload(Frames.Telemetry(1, TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds())).WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build());

        ClaimOutcome outcome = await BoardClaimant.ClaimAsync(_broker.Host, _broker.Port, null, token!, Fleet, "via-mosquitto", Patience, CancellationToken.None);

        Assert.True(outcome.Issued, outcome.ToString());
        // The board's own credential reaches Mosquitto the same way; then its telemetry is stored.
        using IMqttClient board = new MqttClientFactory().CreateMqttClient();
        await Eventually.TrueAsync(async () =>
        {
            try
            {
                await board.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer(_broker.Host, _broker.Port).WithClientId(outcome.Credential!.User)
                    .WithCredentials(outcome.Credential.User, outcome.Credential.Secret).WithProtocolVersion(MqttProtocolVersion.V500).Build());
                return true;
            }
            catch (MQTTnet.Adapter.MqttConnectingFailedException)
            {
                return false;
            }
        }, "claimed board accepted by Mosquitto");
        await board.PublishAsync(new MqttApplicationMessageBuilder().WithTopic(new DeviceTopics(Fleet, "via-mosquitto").Telemetry)
            .WithPayload(Frames.Telemetry(1, TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds())).WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build());
        await Eventually.TrueAsync(async () => await _gateway.Store.ReadDeviceAsync("via-mosquitto", CancellationToken.None) is not null, "claimed board's telemetry stored");
        Assert.Null(await _gateway.Store.ReadDeviceAsync("spoofed", CancellationToken.None));
        // Mosquitto granted '#' but checks read access per message: the other session's reply and the board's traffic never reached it.
        Assert.Empty(received);
    }
}
