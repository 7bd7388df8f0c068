using System.Diagnostics;
using IotStack.Ota.Releases;
using IotStack.Ota.Tests.Support;
using IotStack.Protocol;

namespace IotStack.Ota.Tests.Delivery;

/// <summary>Publish to S3, deliver over Mosquitto, install on virtual boards: the whole OTA path on live services.</summary>
public sealed class ChunkServerTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task OfferAsync_ReleaseFromS3ToTwentyBoards_AllConfirmedOnNewVersion()
    {
        await using var rig = await OtaRig.StartAsync();
        var release = await rig.PublishAsync("1.1.0");
        var devices = rig.AddDevices(20);

        foreach (var device in devices)
        {
            Assert.True(await rig.Offers.OfferAsync(rig.Fleet, device.Id, release, CancellationToken.None));
        }

        foreach (var device in devices)
        {
            var final = await rig.Progress.WaitForFinalAsync(device.Id, Patience, OtaState.Confirmed, OtaState.Failed, OtaState.RolledBack);
            Assert.True(final.State == OtaState.Confirmed, device.Id + ": " + final.State + " " + final.Reason);
            Assert.Equal("1.1.0", device.RunningVersion);
        }

        // Many boards, one image: the store was read once per file, not once per board.
        Assert.Equal(release.Manifest.Files.Length, (int)rig.Cache.StoreReads);
        Assert.True(rig.Server.BytesServed >= 20L * release.Manifest.TotalSize);
    }

    [Fact]
    public async Task OfferAsync_StoredFileTamperedAfterSigning_BoardRefusesForHashAndKeepsVersion()
    {
        await using var rig = await OtaRig.StartAsync();
        var release = await rig.PublishAsync("1.1.0");
        var key = release.FileKey(1);
        var stored = (await rig.Store.ReadAllAsync(key, CancellationToken.None)).Data;
        stored[100] ^= 0x01;
        await rig.Store.PutAsync(key, stored, CancellationToken.None);
        var device = rig.AddDevices(1)[0];

        await rig.Offers.OfferAsync(rig.Fleet, device.Id, release, CancellationToken.None);
        var final = await rig.Progress.WaitForFinalAsync(device.Id, Patience, OtaState.Confirmed, OtaState.Failed);

        Assert.Equal(OtaState.Failed, final.State);
        Assert.StartsWith("hash: Asm1.pe", final.Reason);
        Assert.Equal("1.0.0", device.RunningVersion);
    }

    [Fact]
    public async Task OfferAsync_SignatureFromAnotherKey_BoardRefusesBeforeDownloading()
    {
        await using var rig = await OtaRig.StartAsync();
        var release = await rig.PublishAsync("1.1.0");
        using var rogue = IotStack.Ota.Signing.ReleaseSigner.CreateEphemeral();
        var forged = Release.TryCreate(release.ManifestBytes, rogue.Sign(release.ManifestBytes))!;
        var device = rig.AddDevices(1)[0];

        await rig.Offers.OfferAsync(rig.Fleet, device.Id, forged, CancellationToken.None);
        var final = await rig.Progress.WaitForFinalAsync(device.Id, Patience, OtaState.Confirmed, OtaState.Failed);

        Assert.Equal(OtaState.Failed, final.State);
        Assert.StartsWith("signature", final.Reason);
        Assert.Equal(0, rig.Server.BytesServedTo(rig.Fleet, device.Id));
        Assert.Equal("1.0.0", device.RunningVersion);
    }

    [Fact]
    public async Task OfferAsync_ReleaseForAnotherBoard_BoardRefusesForBoard()
    {
        await using var rig = await OtaRig.StartAsync();
        var release = await rig.PublishAsync("1.1.0", board: "rp2040");
        var device = rig.AddDevices(1)[0];

        await rig.Offers.OfferAsync(rig.Fleet, device.Id, release, CancellationToken.None);
        var final = await rig.Progress.WaitForFinalAsync(device.Id, Patience, OtaState.Confirmed, OtaState.Failed);

        Assert.Equal(OtaState.Failed, final.State);
        Assert.Contains("'rp2040', this board is 'esp32'", final.Reason);
        Assert.Equal("1.0.0", device.RunningVersion);
    }

    [Fact]
    public async Task OfferAsync_StoredFileTruncated_ServerWithholdsAndBoardFailsTransfer()
    {
        await using var rig = await OtaRig.StartAsync();
        var release = await rig.PublishAsync("1.1.0");
        var key = release.FileKey(0);
        var stored = (await rig.Store.ReadAllAsync(key, CancellationToken.None)).Data;
        await rig.Store.PutAsync(key, stored.AsMemory(0, stored.Length / 2), CancellationToken.None);
        var device = rig.AddDevices(1)[0];

        await rig.Offers.OfferAsync(rig.Fleet, device.Id, release, CancellationToken.None);
        var final = await rig.Progress.WaitForFinalAsync(device.Id, Patience, OtaState.Confirmed, OtaState.Failed);

        Assert.Equal(OtaState.Failed, final.State);
        Assert.StartsWith("transfer: no data for Asm0.pe at offset 0", final.Reason);
        Assert.True(rig.Server.Refused > 0);
        Assert.Equal("1.0.0", device.RunningVersion);
    }

    [Fact]
    public async Task OfferAsync_NewImageNeverConnects_BoardRollsBackAndReportsWhy()
    {
        await using var rig = await OtaRig.StartAsync();
        var release = await rig.PublishAsync("1.1.0");
        var device = rig.AddDevices(1)[0];
        device.SickVersions.Add("1.1.0");

        await rig.Offers.OfferAsync(rig.Fleet, device.Id, release, CancellationToken.None);
        var final = await rig.Progress.WaitForFinalAsync(device.Id, Patience, OtaState.Confirmed, OtaState.RolledBack);

        Assert.Equal(OtaState.RolledBack, final.State);
        Assert.StartsWith("health check", final.Reason);
        Assert.Equal("1.0.0", device.RunningVersion);
        Assert.True(device.Boots >= 3, "booted the factory image, the new image, then the factory image again");
    }

    [Fact]
    public async Task Transfer_BrokerRestartedMidway_ResumesFromLastOffset()
    {
        await using var broker = await PrivateBroker.StartAsync();
        await using var rig = await OtaRig.StartAsync(broker);
        var release = await rig.PublishAsync("1.1.0", files: 2, size: 200_000);
        rig.DeviceOptions.ChunkSize = 2048;
        var device = rig.AddDevices(1)[0];

        await rig.Offers.OfferAsync(rig.Fleet, device.Id, release, CancellationToken.None);
        var clock = Stopwatch.StartNew();
        while (rig.Server.BytesServedTo(rig.Fleet, device.Id) < release.Manifest.TotalSize / 3 && clock.Elapsed < Patience)
        {
            await Task.Delay(10);
        }

        long beforeOutage = rig.Server.BytesServedTo(rig.Fleet, device.Id);
        Assert.InRange(beforeOutage, 1, release.Manifest.TotalSize - 1);
        await broker.StopAsync();
        await Task.Delay(1000);
        await broker.RestartAsync();

        var final = await rig.Progress.WaitForFinalAsync(device.Id, Patience, OtaState.Confirmed, OtaState.Failed);

        Assert.Equal(OtaState.Confirmed, final.State);
        Assert.Equal("1.1.0", device.RunningVersion);

        // Resumed, not restarted: at most a few chunks were sent twice.
        Assert.InRange(rig.Server.BytesServedTo(rig.Fleet, device.Id), release.Manifest.TotalSize, release.Manifest.TotalSize + (16 * 1024));
    }
}
