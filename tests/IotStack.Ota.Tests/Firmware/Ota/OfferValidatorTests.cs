using IotStack.Firmware.Ota;
using IotStack.Ota.Signing;
using IotStack.Ota.Tests.Firmware.Support;
using IotStack.Protocol;

namespace IotStack.Ota.Tests.Firmware.Ota;

public sealed class OfferValidatorTests : IDisposable
{
    private readonly ReleaseSigner _signer = ReleaseSigner.CreateEphemeral();

    public void Dispose() => _signer.Dispose();

    [Fact]
    public void Check_SignedReleaseForThisBoard_AcceptedWithCopiesOfManifestAndSignature()
    {
        var release = Release("1.1.0");
        var offer = Decode(release.OfferFrame());

        Assert.Equal(OfferVerdict.Accepted, Validator().Check(offer, BootRecord.Factory("1.0.0")));
        var validator = Validator();
        validator.Check(offer, BootRecord.Factory("1.0.0"));
        Assert.Equal(release.Release.ManifestBytes, validator.ManifestBytes);
        Assert.Equal(release.Release.Signature, validator.Signature);
        Assert.Equal("1.1.0", validator.Manifest.Version);
    }

    [Fact]
    public void Check_SignedByAnotherKey_RefusedForSignatureWithoutReadingVersion()
    {
        using var other = ReleaseSigner.CreateEphemeral();
        var release = Release("1.1.0");
        var validator = Validator();

        var verdict = validator.Check(Decode(release.OfferFrame(other.Sign(release.Release.ManifestBytes))), BootRecord.Factory("1.0.0"));

        Assert.Equal(OfferVerdict.Refused, verdict);
        Assert.StartsWith("signature", validator.Reason);
        Assert.Equal("", validator.Version);
        Assert.Null(validator.Manifest);
    }

    [Fact]
    public void Check_ImageForOtherBoard_RefusedForBoardWithVersion()
    {
        var validator = Validator();

        var verdict = validator.Check(Decode(Release("1.1.0", board: "stm32").OfferFrame()), BootRecord.Factory("1.0.0"));

        Assert.Equal(OfferVerdict.Refused, verdict);
        Assert.Equal("board: image is for 'stm32', this board is 'esp32'", validator.Reason);
        Assert.Equal("1.1.0", validator.Version);
    }

    [Fact]
    public void Check_BelowInstalledFloor_RefusedAsDowngrade()
    {
        var boot = BootRecord.Factory("2.0.0");
        boot.Floor = "1.5.0";
        var validator = Validator();

        var verdict = validator.Check(Decode(Release("1.4.0").OfferFrame()), boot);

        Assert.Equal(OfferVerdict.Refused, verdict);
        Assert.Equal("downgrade: 1.4.0 is below the minimum version 1.5.0", validator.Reason);
    }

    [Fact]
    public void Check_RunningVersion_AlreadyRunning()
    {
        var validator = Validator();

        var verdict = validator.Check(Decode(Release("1.0.0").OfferFrame()), BootRecord.Factory("1.0.0"));

        Assert.Equal(OfferVerdict.AlreadyRunning, verdict);
        Assert.Equal("already running 1.0.0", validator.Reason);
    }

    [Fact]
    public void IsSigned_SavedManifestChangedInFlash_False()
    {
        var release = Release("1.1.0");
        var validator = Validator();
        var rotten = (byte[])release.Release.ManifestBytes.Clone();
        rotten[^1] ^= 1;

        Assert.True(validator.IsSigned(release.Release.ManifestBytes, release.Release.Signature));
        Assert.False(validator.IsSigned(rotten, release.Release.Signature));
    }

    private OfferValidator Validator() => new(_signer.PublicKey, new FakeBoard("esp32"));

    private TestRelease Release(string version, string board = "esp32") =>
        new(_signer, version, board, null, TestRelease.RandomFiles(1, 1, 100));

    private static OtaOffer Decode(byte[] frame)
    {
        var offer = new OtaOffer();
        Assert.Equal(DecodeStatus.Ok, offer.ReadFrom(frame, 0, frame.Length));
        return offer;
    }
}
