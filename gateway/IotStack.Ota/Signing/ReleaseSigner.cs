using NSec.Cryptography;

namespace IotStack.Ota.Signing;

/// <summary>Signs manifest bytes with the operator's Ed25519 key (RFC 8032, pure Ed25519 over the exact manifest bytes).</summary>
internal sealed class ReleaseSigner : IDisposable
{
    private readonly Key _key;

    private ReleaseSigner(Key key)
    {
        _key = key;
        PublicKey = key.PublicKey.Export(KeyBlobFormat.RawPublicKey);
    }

    public byte[] PublicKey { get; }

    public static ReleaseSigner FromFile(string privateKeyPath) => new(KeyFiles.LoadPrivate(privateKeyPath));

    /// <summary>A throwaway key for tests and benchmarks.</summary>
    public static ReleaseSigner CreateEphemeral() => new(Key.Create(SignatureAlgorithm.Ed25519));

    public byte[] Sign(byte[] manifest) => SignatureAlgorithm.Ed25519.Sign(_key, manifest);

    public void Dispose() => _key.Dispose();
}
