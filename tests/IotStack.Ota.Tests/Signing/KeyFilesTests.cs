using IotStack.Ota.Signing;

namespace IotStack.Ota.Tests.Signing;

public sealed class KeyFilesTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("iotstack-keys-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Generate_NewPair_PrivateKeyIsOwnerOnlyAndSignsForPublicKey()
    {
        var priv = Path.Combine(_dir, "ota.key");
        var pub = Path.Combine(_dir, "ota.pub");

        var publicKey = KeyFiles.Generate(priv, pub);

        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(priv));
        }

        Assert.Equal(publicKey, KeyFiles.LoadPublic(pub));
        using var signer = ReleaseSigner.FromFile(priv);
        Assert.Equal(publicKey, signer.PublicKey);
        var message = "manifest"u8.ToArray();
        Assert.True(SignatureCheck.IsValid(publicKey, message, signer.Sign(message)));
        Assert.True(new IotStack.Firmware.Ota.Ed25519Verifier().Verify(publicKey, message, signer.Sign(message)));
    }

    [Fact]
    public void Generate_ExistingPrivateKey_RefusesToOverwrite()
    {
        var priv = Path.Combine(_dir, "ota.key");
        KeyFiles.Generate(priv, Path.Combine(_dir, "ota.pub"));
        var before = File.ReadAllText(priv);

        Assert.Throws<SigningException>(() => KeyFiles.Generate(priv, Path.Combine(_dir, "other.pub")));
        Assert.Equal(before, File.ReadAllText(priv));
    }

    [Fact]
    public void LoadPrivate_PublicKeyFileInstead_ThrowsSigningException()
    {
        var pub = Path.Combine(_dir, "ota.pub");
        KeyFiles.Generate(Path.Combine(_dir, "ota.key"), pub);

        Assert.Throws<SigningException>(() => KeyFiles.LoadPrivate(pub));
    }
}
