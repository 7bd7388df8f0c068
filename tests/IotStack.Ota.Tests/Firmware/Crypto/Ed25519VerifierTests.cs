using IotStack.Firmware.Ota;
using NSec.Cryptography;

namespace IotStack.Ota.Tests.Firmware.Crypto;

public sealed class Ed25519VerifierTests
{
    // RFC 8032 §7.1 test vectors: public key, message, signature.
    public static TheoryData<string, string, string> Rfc8032Vectors => new()
    {
        {
            "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a",
            "",
            "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b"
        },
        {
            "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c",
            "72",
            "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00"
        },
        {
            "fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025",
            "af82",
            "6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a"
        },
        {
            "ec172b93ad5e563bf4932c70e1245034c35467ef2efd4d64ebf819683467e2bf",
            "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f",
            "dc2a4459e7369633a52b1bf277839a00201009a3efbf3ecb69bea2186c26b58909351fc9ac90b3ecfdfbc7c66431e0303dca179c138ac17ad9bef1177331a704"
        },
    };

    private readonly Ed25519Verifier _verifier = new();

    [Theory]
    [MemberData(nameof(Rfc8032Vectors))]
    public void Verify_Rfc8032Vector_Accepts(string publicKey, string message, string signature)
    {
        Assert.True(_verifier.Verify(Convert.FromHexString(publicKey), Convert.FromHexString(message), Convert.FromHexString(signature)));
    }

    [Theory]
    [MemberData(nameof(Rfc8032Vectors))]
    public void Verify_Rfc8032VectorWithOneBitFlipped_Refuses(string publicKey, string message, string signature)
    {
        var key = Convert.FromHexString(publicKey);
        var msg = Convert.FromHexString(message);
        var sig = Convert.FromHexString(signature);
        for (int bit = 0; bit < 512; bit += 37)
        {
            var bad = (byte[])sig.Clone();
            bad[bit / 8] ^= (byte)(1 << (bit % 8));
            Assert.False(_verifier.Verify(key, msg, bad), $"signature bit {bit}");
        }

        if (msg.Length > 0)
        {
            var badMsg = (byte[])msg.Clone();
            badMsg[0] ^= 1;
            Assert.False(_verifier.Verify(key, badMsg, sig));
        }

        var badKey = (byte[])key.Clone();
        badKey[3] ^= 0x10;
        Assert.False(_verifier.Verify(badKey, msg, sig));
    }

    [Fact]
    public void Verify_NSecSignaturesOverRandomMessages_AcceptsEachAndRefusesOthersKey()
    {
        var algorithm = SignatureAlgorithm.Ed25519;
        var random = new Random(8032);
        using var other = Key.Create(algorithm);
        var otherPublic = other.PublicKey.Export(KeyBlobFormat.RawPublicKey);
        for (int i = 0; i < 12; i++)
        {
            using var key = Key.Create(algorithm);
            var message = new byte[random.Next(0, 5000)];
            random.NextBytes(message);
            var signature = algorithm.Sign(key, message);
            var publicKey = key.PublicKey.Export(KeyBlobFormat.RawPublicKey);

            Assert.True(_verifier.Verify(publicKey, message, signature));
            Assert.False(_verifier.Verify(otherPublic, message, signature));
        }
    }

    [Fact]
    public void Verify_SWithGroupOrderAdded_RefusesMalleableSignature()
    {
        // S + L verifies under the plain group equation; RFC 8032 §5.1.7 requires S < L, so it must be refused.
        var vector = Rfc8032Vectors.First();
        var key = Convert.FromHexString((string)vector[0]);
        var sig = Convert.FromHexString((string)vector[2]);
        var s = new System.Numerics.BigInteger(sig.AsSpan(32, 32), isUnsigned: true);
        var l = System.Numerics.BigInteger.Pow(2, 252) + System.Numerics.BigInteger.Parse("27742317777372353535851937790883648493");
        var bumped = (s + l).ToByteArray(isUnsigned: true);
        var malleable = new byte[64];
        sig.AsSpan(0, 32).CopyTo(malleable);
        bumped.CopyTo(malleable, 32);

        Assert.False(_verifier.Verify(key, [], malleable));
    }

    [Fact]
    public void Verify_WrongSizesOrNulls_RefusesWithoutThrowing()
    {
        var vector = Rfc8032Vectors.First();
        var key = Convert.FromHexString((string)vector[0]);
        var sig = Convert.FromHexString((string)vector[2]);

        Assert.False(_verifier.Verify(key, [], sig.AsSpan(0, 63).ToArray()));
        Assert.False(_verifier.Verify(key.AsSpan(0, 31).ToArray(), [], sig));
        Assert.False(_verifier.Verify(null!, [], sig));
        Assert.False(_verifier.Verify(key, null!, sig));
        Assert.False(_verifier.Verify(key, [], 0, 0, sig, 10, 64));
    }

    [Fact]
    public void Verify_PublicKeyNotOnCurve_Refuses()
    {
        var vector = Rfc8032Vectors.First();
        var sig = Convert.FromHexString((string)vector[2]);

        // y = 2 has no x on edwards25519 (u/v is not a square), and y = p is a non-canonical encoding of 0.
        var notOnCurve = new byte[32];
        notOnCurve[0] = 2;
        var nonCanonical = Convert.FromHexString("edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f");

        Assert.False(_verifier.Verify(notOnCurve, [], sig));
        Assert.False(_verifier.Verify(nonCanonical, [], sig));
    }
}
