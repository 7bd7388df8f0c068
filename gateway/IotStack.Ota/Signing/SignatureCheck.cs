using NSec.Cryptography;

namespace IotStack.Ota.Signing;

/// <summary>Gateway-side check of a release before it is offered: a store that was tampered with is caught before any board sees it.</summary>
internal static class SignatureCheck
{
    public static bool IsValid(byte[] publicKey, byte[] manifest, byte[] signature)
    {
        if (publicKey.Length != 32 || signature.Length != 64)
        {
            return false;
        }

        var algorithm = SignatureAlgorithm.Ed25519;
        return PublicKey.TryImport(algorithm, publicKey, KeyBlobFormat.RawPublicKey, out var key)
            && algorithm.Verify(key!, manifest, signature);
    }
}
