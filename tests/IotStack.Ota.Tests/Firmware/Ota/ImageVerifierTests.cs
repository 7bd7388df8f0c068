using IotStack.Firmware.Ota;
using IotStack.Ota.Signing;
using IotStack.Ota.Tests.Firmware.Support;

namespace IotStack.Ota.Tests.Firmware.Ota;

public sealed class ImageVerifierTests : IDisposable
{
    private readonly ReleaseSigner _signer = ReleaseSigner.CreateEphemeral();
    private readonly MemoryFlash _flash = new();

    public void Dispose() => _signer.Dispose();

    [Fact]
    public void VerifySome_IntactSlot_MatchesAfterBudgetedSlices()
    {
        var release = InSlot(1);
        var verifier = new ImageVerifier(_flash, new byte[1024], new OtaOptions { HashBytesPerTick = 2048 });
        verifier.Start(release.Release.Manifest, 1);

        int slices = 1;
        VerifyStatus status;
        while ((status = verifier.VerifySome()) == VerifyStatus.Working)
        {
            slices++;
        }

        Assert.Equal(VerifyStatus.Matched, status);
        Assert.True(slices >= (int)release.Release.Manifest.TotalSize / 2048, $"{slices} slices: the per-tick budget was not kept");
    }

    [Fact]
    public void VerifySome_ByteFlippedInSecondFile_MismatchNamesTheFile()
    {
        var release = InSlot(1);
        string name = SlotFiles.Name(1, release.Release.Manifest.Files[1].Name);
        var content = _flash.Get(name)!;
        content[5] ^= 0xFF;
        _flash.Set(name, content);

        Assert.Equal(VerifyStatus.Mismatch, RunToEnd(release, out string reason));
        Assert.Equal("hash: Part1.pe does not match the signed manifest", reason);
    }

    [Fact]
    public void VerifySome_FileShorterThanManifest_Mismatch()
    {
        var release = InSlot(1);
        string name = SlotFiles.Name(1, release.Release.Manifest.Files[0].Name);
        _flash.Set(name, _flash.Get(name)![..100]);

        Assert.Equal(VerifyStatus.Mismatch, RunToEnd(release, out string reason));
        Assert.Equal("hash: Part0.pe is shorter than the manifest says", reason);
    }

    private VerifyStatus RunToEnd(TestRelease release, out string reason)
    {
        var verifier = new ImageVerifier(_flash, new byte[4096], new OtaOptions());
        verifier.Start(release.Release.Manifest, 1);
        VerifyStatus status;
        while ((status = verifier.VerifySome()) == VerifyStatus.Working)
        {
        }

        reason = verifier.Reason;
        return status;
    }

    private TestRelease InSlot(int slot)
    {
        var release = new TestRelease(_signer, "1.1.0", "esp32", null, TestRelease.RandomFiles(3, 2, 3000));
        for (int i = 0; i < release.Files.Length; i++)
        {
            _flash.Set(SlotFiles.Name(slot, release.Release.Manifest.Files[i].Name), release.Files[i]);
        }

        return release;
    }
}
