using IotStack.Firmware.Host.Cli;
using IotStack.Firmware.Host.Tests.Support;
using IotStack.Protocol;
using IotStack.TestServices;
using MQTTnet;
using MQTTnet.Protocol;

namespace IotStack.Firmware.Host.Tests.Cli;

public sealed class TelemetryVerifierTests
{
    private static async Task PublishAsync(PrivateMosquitto broker, string fleet, uint from, uint to)
    {
        using IMqttClient board = new MqttClientFactory().CreateMqttClient();
        await board.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer(broker.Host, broker.Port)
            .WithCredentials(broker.BoardAccount.User, broker.BoardAccount.Password).WithClientId("verify-pub-" + Guid.NewGuid().ToString("N")[..8]).Build());
        for (uint seq = from; seq <= to; seq++)
        {
            var batch = new TelemetryBatch { Sequence = seq };
            batch.Add(Channel.Temperature, seq * 1000L, 21f);
            var frame = new byte[batch.FrameLength];
            batch.WriteTo(frame, 0);
            await board.PublishAsync(new MqttApplicationMessageBuilder().WithTopic(new DeviceTopics(fleet, "v1").Telemetry).WithPayload(frame)
                .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build());
        }

        await board.DisconnectAsync();
    }

    private static async Task UntilAsync(Func<bool> condition, string what)
    {
        for (int i = 0; i < 600 && !condition(); i++)
        {
            await Task.Delay(100);
        }

        Assert.True(condition(), $"timed out after 60 s waiting for: {what}");
    }

    [Fact]
    public async Task StartAsync_BrokerRestartsMidRun_ReconnectsAndReportsNoLoss()
    {
        // A private broker: this test restarts it. Before, --verify lost its connection for good and counted every
        // batch published after the restart as missing.
        await using PrivateMosquitto broker = await PrivateMosquitto.StartAsync();
        string fleet = "verify" + Guid.NewGuid().ToString("N")[..6];
        await using var verifier = new TelemetryVerifier(fleet, TimeProvider.System);
        await verifier.StartAsync(broker.Host, broker.Port, null, broker.Account.AsCredential(), CancellationToken.None);
        await PublishAsync(broker, fleet, 1, 20);
        await UntilAsync(() => verifier.Report().Distinct == 20, "20 batches before the restart");

        await broker.StopAsync();
        await broker.StartAgainAsync();
        // Published before the verifier is back: its persistent session keeps them.
        await PublishAsync(broker, fleet, 21, 40);

        await UntilAsync(() => verifier.Report().Distinct == 40, "all 40 batches after the restart");
        VerifyReport report = verifier.Report();
        Assert.Equal((40L, 0L, 0L), (report.Distinct, report.Missing, report.Duplicates));
    }
}
