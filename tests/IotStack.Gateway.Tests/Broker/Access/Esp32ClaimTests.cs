using IotStack.Firmware.Host.Claim;
using IotStack.Firmware.Host.Esp32;
using IotStack.Firmware.Host.Fleet;
using IotStack.Gateway.Broker.Access;
using IotStack.Gateway.Tests.Support;

namespace IotStack.Gateway.Tests.Broker.Access;

/// <summary>
/// The ESP32 firmware's own claim (firmware/IotStack.Firmware.Esp32/Claim/BoardEnrolment.cs) on the emulated chip
/// against a gateway with its embedded broker: a board whose iotstack.cfg holds only a claim token claims at boot, keeps
/// the credential in iotstack.cfg in the token's place, and runs as itself; a board with a dead token waits and retries.
/// The token store runs on a fake clock, so expiry is a clock step.
/// </summary>
public sealed class Esp32ClaimTests : ClaimGatewayTests
{
    private const string Fleet = "esp-claims";

    [Fact]
    public async Task Boot_OnlyClaimTokenInConfig_ClaimsKeepsCredentialInConfigAndItsTelemetryIsStored()
    {
        ClaimTokenText token = NewToken(maxBoards: 2);
        FleetOptions options = await OptionsAsync(token, "esp-new-");
        const string Device = "esp-new-0000";
        string config = Path.Combine(options.DataDirectory, Device, Esp32Config.FileName);

        using (var fleet = new VirtualFleet(options, TimeProvider.System))
        {
            Assert.Contains("claim.token=" + token.Id + ".", await File.ReadAllTextAsync(config), StringComparison.Ordinal);   // what the board starts with
            fleet.Start();
            await Eventually.TrueAsync(async () => await Store.ReadDeviceAsync(Device, CancellationToken.None) is { LastSequence: > 0 }, "the claimed ESP32's telemetry stored");
            var board = (Esp32Device)fleet.Boards[0];
            Assert.Equal(1, board.ClaimAttempts);
            Assert.Equal(0, board.Reboots);
            fleet.Stop();
        }

        string user = DeviceCredential.UserNameOf(Fleet, Device);
        Assert.NotNull(Devices.Find(user));
        Assert.Equal([Device], Tokens.Find(token.Id)!.Claimed);
        Assert.Equal(1, Metrics.ClaimsIssued);
        // The credential replaced the token in iotstack.cfg, the rest of the file as it was.
        string[] lines = await File.ReadAllLinesAsync(config);
        Assert.DoesNotContain(lines, l => l.StartsWith("claim.token", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Contains(token.Secret, StringComparison.Ordinal));
        Assert.Contains("mqtt.user=" + user, lines);
        Assert.Single(lines, l => l.StartsWith("mqtt.secret=", StringComparison.Ordinal) && l.Length > "mqtt.secret=".Length);
        Assert.Contains("device=" + Device, lines);
        Assert.Contains("fleet=" + Fleet, lines);
        string boardSecret = lines.Single(l => l.StartsWith("mqtt.secret=", StringComparison.Ordinal))["mqtt.secret=".Length..];

        // Next power-on, with the token revoked meanwhile: the board boots on what it stored and claims nothing.
        Assert.True(Tokens.Revoke(token.Id));
        long stored = (await Store.ReadDeviceAsync(Device, CancellationToken.None))!.LastSequence;
        using (var fleet = new VirtualFleet(options, TimeProvider.System))
        {
            fleet.Start();
            await Eventually.TrueAsync(async () => (await Store.ReadDeviceAsync(Device, CancellationToken.None))!.LastSequence > stored, "telemetry after the restart");
            Assert.Equal(0, ((Esp32Device)fleet.Boards[0]).ClaimAttempts);
            fleet.Stop();
        }

        Assert.Equal(1, Metrics.ClaimsIssued);
        string[] entries = [.. Logs.Entries];
        Assert.DoesNotContain(entries, e => e.Contains(token.Secret, StringComparison.Ordinal) || e.Contains(boardSecret, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Boot_ExpiredToken_BoardKeepsRunningAndRetriesWithBackoff()
    {
        ClaimTokenText token = NewToken(maxBoards: 2, lifetime: TimeSpan.FromHours(1));
        TokenClock.Advance(TimeSpan.FromHours(1) + TimeSpan.FromSeconds(1));
        FleetOptions options = await OptionsAsync(token, "esp-late-");
        const string Device = "esp-late-0000";

        using var fleet = new VirtualFleet(options, TimeProvider.System);
        fleet.Start();
        var board = (Esp32Device)fleet.Boards[0];
        Assert.Equal(1, board.ClaimAttempts);                               // the boot's attempt, refused at CONNECT
        Assert.Contains("refused the claim token", board.ClaimProblem, StringComparison.Ordinal);
        Assert.DoesNotContain(token.Secret, board.ClaimProblem, StringComparison.Ordinal);
        // The firmware's backoff (5 s, then 10 s, ...) brings a second attempt; meanwhile the board neither crashed nor rebooted.
        await Eventually.TrueAsync(() => Task.FromResult(board.ClaimAttempts >= 2), "a second claim attempt", seconds: 30);
        Assert.Equal(0, board.Reboots);
        Assert.Null(board.Runtime);
        Assert.NotNull(board.ClaimProblem);
        fleet.Stop();

        Assert.Null(Devices.Find(DeviceCredential.UserNameOf(Fleet, Device)));
        Assert.Null(await Store.ReadDeviceAsync(Device, CancellationToken.None));
        // Nothing was spent: the token is still in the board's configuration for when it gets a live one.
        Assert.Contains("claim.token=", await File.ReadAllTextAsync(Path.Combine(options.DataDirectory, Device, Esp32Config.FileName)), StringComparison.Ordinal);
    }

    private async Task<FleetOptions> OptionsAsync(ClaimTokenText token, string prefix)
    {
        (string host, int port) = await BrokerAsync();
        return new FleetOptions
        {
            Board = BoardKind.Esp32,
            Devices = 1,
            RateHz = 2,
            BatchSamples = 1,
            BrokerHost = host,
            BrokerPort = port,
            Fleet = Fleet,
            DevicePrefix = prefix,
            DataDirectory = Dir.File("boards"),
            ClaimToken = token,
        };
    }

    private ClaimTokenText NewToken(int maxBoards, TimeSpan? lifetime = null)
    {
        (_, string text) = Tokens.Create(Fleet, lifetime ?? TimeSpan.FromHours(1), maxBoards);
        Assert.True(ClaimTokenText.TryParse(text, out ClaimTokenText? token));
        return token!;
    }
}
