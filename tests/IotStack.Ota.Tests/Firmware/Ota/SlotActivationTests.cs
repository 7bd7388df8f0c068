using IotStack.Firmware.Ota;
using IotStack.Ota.Signing;
using IotStack.Ota.Tests.Firmware.Support;
using IotStack.Protocol;

namespace IotStack.Ota.Tests.Firmware.Ota;

public sealed class SlotActivationTests : IDisposable
{
    private readonly ReleaseSigner _signer = ReleaseSigner.CreateEphemeral();
    private readonly MemoryFlash _flash = new();

    public void Dispose() => _signer.Dispose();

    [Fact]
    public void Switch_NewTransfer_OnProbationWithPreviousKeptAndFloorRaised()
    {
        var activation = Loaded();
        var release = Release("1.1.0", minimum: "1.0.5");

        Assert.True(activation.Switch(release.TransferId, 1, release.Release.Manifest, release.Release.ManifestBytes));

        var saved = BootRecord.Load(_flash)!;
        Assert.Equal((1, release.TransferId, "1.1.0", "1.0.5", true), (saved.ActiveSlot, saved.ActiveTransfer, saved.Version, saved.Floor, saved.Trial));
        Assert.Equal((0, 0u, "1.0.0"), (saved.PreviousSlot, saved.PreviousTransfer, saved.PreviousVersion));
    }

    [Fact]
    public void Switch_RecordAlreadyNamesTransfer_WritesNothing()
    {
        var activation = Loaded();
        var release = Release("1.1.0");
        activation.Switch(release.TransferId, 1, release.Release.Manifest, release.Release.ManifestBytes);
        int writes = _flash.Writes;

        Assert.True(activation.Switch(release.TransferId, 1, release.Release.Manifest, release.Release.ManifestBytes));
        Assert.Equal(writes, _flash.Writes);
    }

    [Fact]
    public void RollBack_AfterSwitch_BootsPreviousSlotAndRemembersRejected()
    {
        var activation = Loaded();
        var release = Release("1.1.0");
        activation.Switch(release.TransferId, 1, release.Release.Manifest, release.Release.ManifestBytes);

        Assert.True(activation.RollBack(release.TransferId, out var rolledBack));

        Assert.Equal("1.1.0", rolledBack.Version);
        var saved = BootRecord.Load(_flash)!;
        Assert.Equal((0, "1.0.0", false, release.TransferId), (saved.ActiveSlot, saved.Version, saved.Trial, saved.RejectedTransfer));
        Assert.Null(activation.ActiveManifest);
        Assert.False(activation.RollBack(release.TransferId, out _)); // resumed after the switch back: nothing left to do
    }

    [Fact]
    public void CountTrialBootThenConfirm_EndsProbationAndKnowsRunningManifest()
    {
        var activation = Loaded();
        var release = Release("1.1.0");
        activation.Switch(release.TransferId, 1, release.Release.Manifest, release.Release.ManifestBytes);

        Assert.Equal(1, activation.CountTrialBoot());
        Assert.Equal(2, activation.CountTrialBoot());
        activation.Confirm();

        var reloaded = new SlotActivation(_flash, "1.0.0");
        reloaded.Load();
        Assert.Equal((false, 0), (reloaded.Boot.Trial, reloaded.Boot.TrialBoots));
        Assert.Equal("1.1.0", reloaded.ActiveManifest.Version);
    }

    private SlotActivation Loaded()
    {
        var activation = new SlotActivation(_flash, "1.0.0");
        activation.Load();
        Assert.Equal("1.0.0", activation.Boot.Version);
        return activation;
    }

    private TestRelease Release(string version, string? minimum = null) =>
        new(_signer, version, "esp32", minimum, TestRelease.RandomFiles(4, 1, 500));
}
