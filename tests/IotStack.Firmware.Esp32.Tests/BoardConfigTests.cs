using IotStack.Firmware.Esp32.Hal;
using IotStack.Firmware.Esp32.Tests.Support;

namespace IotStack.Firmware.Esp32.Tests;

/// <summary>iotstack.cfg's claim keys: when the board must claim, and how the claimed credential takes the token's place.</summary>
public sealed class BoardConfigTests
{
    private static readonly string[] Base =
    [
        "# site: hall 3", "wifi.ssid=test", "wifi.password=pw", "mqtt.host=127.0.0.1", "mqtt.port=1883", "fleet=plant-a", "device=esp32-0001",
    ];

    [Fact]
    public void Load_ClaimTokenAndNoCredential_NeedsClaim()
    {
        BoardConfig? config = Load([.. Base, "claim.token=tok1.secret-part"], out string? problem);

        Assert.Null(problem);
        Assert.True(config!.NeedsClaim);
        Assert.Equal("tok1", config.ClaimToken.Id);
        Assert.Equal("claim@tok1", config.ClaimToken.User);
    }

    [Fact]
    public void Load_ClaimTokenBesideACredential_DoesNotClaim()
    {
        BoardConfig? config = Load([.. Base, "claim.token=tok1.secret-part", "mqtt.user=plant-a.esp32-0001", "mqtt.secret=s"], out _);

        Assert.False(config!.NeedsClaim);
    }

    [Theory]
    [InlineData("claim.token=no-dot")]
    [InlineData("claim.token=bad id.secret")]
    public void Load_MalformedClaimToken_RefusedWithTheReason(string line)
    {
        Assert.Null(Load([.. Base, line], out string? problem));
        Assert.Contains("claim.token", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_NoRoomLeftForTheCredential_RefusedBeforeClaiming()
    {
        // A token would issue one credential for this device: one the file could not hold would be lost at the next boot.
        string filler = "# " + new string('x', 1700);

        Assert.Null(Load([.. Base, filler, "claim.token=tok1.secret-part"], out string? problem));
        Assert.Contains("no room for the claimed credential", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void SaveCredential_AfterClaim_ReplacesTheTokenAndKeepsEveryOtherLine()
    {
        using var board = new TestBoard().WithConfig([.. Base, "claim.token=tok1.secret-part", "i2c.bus=2"]);
        using var scope = board.Enter();
        var flash = new InternalFlashStore("I:\\", 64 * 1024);
        BoardConfig config = BoardConfig.Load(flash, out _)!;

        Assert.True(config.SaveCredential(flash, "plant-a.esp32-0001", "board-secret"));

        string[] lines = File.ReadAllLines(Path.Combine(board.Folder, BoardConfig.FileName));
        Assert.Equal([.. Base, "i2c.bus=2"], lines[..^3]);
        Assert.Equal(["mqtt.user=plant-a.esp32-0001", "mqtt.secret=board-secret"], lines[^2..]);
        BoardConfig reloaded = BoardConfig.Load(flash, out string? problem)!;
        Assert.Null(problem);
        Assert.False(reloaded.NeedsClaim);
        Assert.Null(reloaded.ClaimToken);
        Assert.Equal("board-secret", reloaded.MqttSecret);
        Assert.Equal(2, reloaded.I2cBus);
    }

    private static BoardConfig? Load(string[] lines, out string? problem)
    {
        using var board = new TestBoard().WithConfig(lines);
        using var scope = board.Enter();
        return BoardConfig.Load(new InternalFlashStore("I:\\", 64 * 1024), out problem);
    }
}
