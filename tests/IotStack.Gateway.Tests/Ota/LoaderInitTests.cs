using System.Text.Json;
using IotStack.Firmware.Host.Cli;
using IotStack.Firmware.Host.Fleet;
using IotStack.Firmware.Host.Hal;
using IotStack.Firmware.Ota;
using IotStack.Firmware.Ota.Loader;
using IotStack.Gateway.Tests.Support;
using IotStack.Ota.Signing;

namespace IotStack.Gateway.Tests.Ota;

/// <summary>
/// <c>iotstack-board loader init</c> on a release as <c>iotstack ota publish</c> leaves it in a local image store: the files
/// it writes are what a board's loader boots (checked by booting a virtual board on them), and a tampered release is refused.
/// </summary>
public sealed class LoaderInitTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Init_PublishedRelease_BoardBootsItThroughTheLoader()
    {
        using ReleaseSigner signer = ReleaseSigner.CreateEphemeral();
        string releaseFolder = await PublishAsync(signer, "1.0.0");
        string boardFolder = Path.Combine(_dir.File("boards"), "vdev-0000");
        var output = new StringWriter();

        int exit = await RunAsync(output, "loader", "init", "--release", releaseFolder, "--ota-public-key", Convert.ToHexStringLower(signer.PublicKey),
            "--out", boardFolder, "--board", VirtualBoard.Type, "--serialport", "COM3");

        Assert.True(exit == 0, output.ToString());
        Assert.Equal(["deploy.json", "ota.boot", "s0.10-Lib.pe", "s0.90-App.pe"], Directory.EnumerateFiles(boardFolder).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        using (JsonDocument deploy = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(boardFolder, "deploy.json"))))
        {
            Assert.Equal("COM3", deploy.RootElement.GetProperty("serialport").GetString());
            Assert.Equal(@"I:\ota.boot", deploy.RootElement.GetProperty("files")[0].GetProperty("DestinationFilePath").GetString());
        }

        File.Delete(Path.Combine(boardFolder, "deploy.json"));
        using var fleet = new VirtualFleet(new FleetOptions
        {
            Devices = 1, DataDirectory = _dir.File("boards"), FirmwareVersion = "factory", OtaPublicKey = signer.PublicKey,
        }, TimeProvider.System);
        VirtualDevice board = fleet.Devices[0];

        Assert.Equal(LoaderOutcome.Started, board.LastBoot);
        Assert.Equal("1.0.0", board.RunningVersion);
        BootRecord? boot = BootRecord.Load(board.Flash);
        Assert.NotNull(boot);
        Assert.False(boot.Trial);
        Assert.Equal(0, boot.ActiveSlot);
    }

    [Fact]
    public async Task Init_FileChangedAfterSigning_RefusedAndNothingWritten()
    {
        using ReleaseSigner signer = ReleaseSigner.CreateEphemeral();
        string releaseFolder = await PublishAsync(signer, "1.0.0");
        string app = Path.Combine(releaseFolder, "files", "90-App.pe");
        byte[] bytes = await File.ReadAllBytesAsync(app);
        bytes[100] ^= 0x01;
        await File.WriteAllBytesAsync(app, bytes);
        var output = new StringWriter();
        string boardFolder = _dir.File("board");

        int exit = await RunAsync(output, "loader", "init", "--release", releaseFolder, "--ota-public-key", Convert.ToHexStringLower(signer.PublicKey), "--out", boardFolder);

        Assert.Equal(1, exit);
        Assert.Contains("hash: 90-App.pe", output.ToString(), StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFiles(boardFolder));
    }

    [Fact]
    public async Task Init_OtherSigner_RefusedForSignature()
    {
        using ReleaseSigner signer = ReleaseSigner.CreateEphemeral();
        using ReleaseSigner other = ReleaseSigner.CreateEphemeral();
        string releaseFolder = await PublishAsync(signer, "1.0.0");
        var output = new StringWriter();

        int exit = await RunAsync(output, "loader", "init", "--release", releaseFolder, "--ota-public-key", Convert.ToHexStringLower(other.PublicKey), "--out", _dir.File("board"));

        Assert.Equal(1, exit);
        Assert.Contains("signature", output.ToString(), StringComparison.Ordinal);
    }

    private Task<string> PublishAsync(ReleaseSigner signer, string version) =>
        new LocalReleases(_dir.File("releases"), signer).PublishAsync(version, ("10-Lib.pe", 3_000, 1), ("90-App.pe", 5_000, 2));

    private static Task<int> RunAsync(TextWriter output, params string[] args) =>
        BoardCommand.Create(output, TimeProvider.System).Parse(args).InvokeAsync();
}
