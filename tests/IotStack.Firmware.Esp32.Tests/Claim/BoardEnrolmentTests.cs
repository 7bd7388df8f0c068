using IotStack.Firmware.Esp32.Claim;
using IotStack.Firmware.Esp32.Hal;
using IotStack.Firmware.Esp32.Tests.Support;
using IotStack.Firmware.Runtime;

namespace IotStack.Firmware.Esp32.Tests.Claim;

/// <summary>
/// The ESP32's claim at boot when it fails, against a private Mosquitto that does not know the board's token (the
/// claim against a gateway that issues credentials is tests/IotStack.Gateway.Tests/Broker/Access/Esp32ClaimTests.cs).
/// </summary>
public sealed class BoardEnrolmentTests
{
    private const string TokenSecret = "token-secret-never-logged";

    [Fact]
    public async Task TryOnce_TokenRefused_ReportsWhyAndBacksOffFrom5SecondsTo5Minutes()
    {
        await using var broker = await PrivateBroker.StartAsync(("claim@other", "x"));
        using var board = new TestBoard().WithConfig(Config(broker));
        using var scope = board.Enter();
        var flash = new InternalFlashStore("I:\\", 64 * 1024);
        BoardConfig config = BoardConfig.Load(flash, out _)!;
        var enrolment = new BoardEnrolment(new M2MqttTransport(broker.Host, broker.Port, 5000, null, null, null), new Esp32Random(), new Esp32Clock());

        var delays = new List<int>();
        for (int attempt = 0; attempt < 8; attempt++)
        {
            Assert.False(enrolment.TryOnce(config, flash));
            delays.Add(enrolment.RetryDelayMs);
        }

        Assert.Equal([5_000, 10_000, 20_000, 40_000, 80_000, 160_000, 300_000, 300_000], delays);
        Assert.Equal(8, enrolment.Attempts);
        Assert.Contains("refused the claim token", enrolment.LastProblem, StringComparison.Ordinal);
        Assert.DoesNotContain(TokenSecret, enrolment.LastProblem, StringComparison.Ordinal);
        Assert.Equal(0, board.Board.OpenSockets);
        // Nothing was written: the token stays for the next attempt.
        Assert.Contains("claim.token=tok1." + TokenSecret, File.ReadAllText(Path.Combine(board.Folder, BoardConfig.FileName)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Boot_ClaimFails_NoCoreNoBoardAndTheNextPassTriesAgain()
    {
        await using var broker = await PrivateBroker.StartAsync(("claim@other", "x"));
        using var board = new TestBoard().WithSensors(21, 22).WithConfig(Config(broker));
        using var scope = board.Enter();
        BoardEnrolment? enrolment = null;

        DeviceRuntime? first = Program.Boot(ref enrolment, out Esp32Board? esp32);
        Assert.Null(first);
        Assert.Null(esp32);                       // no board yet: its reset marker is still there for the pass that runs
        Assert.NotNull(enrolment);
        Assert.Equal(1, enrolment.Attempts);
        Assert.Null(Program.Boot(ref enrolment, out _));

        Assert.Equal(2, enrolment.Attempts);       // the same enrolment: its backoff carries on
        Assert.Equal(10_000, enrolment.RetryDelayMs);
        Assert.Equal(0, board.Board.Resets);
    }

    private static string[] Config(PrivateBroker broker) =>
    [
        "wifi.ssid=test", "wifi.password=x", "mqtt.host=" + broker.Host, "mqtt.port=" + broker.Port, "fleet=esp32test",
        "device=d" + Guid.NewGuid().ToString("N")[..8], "claim.token=tok1." + TokenSecret,
    ];
}
