using System.Security.Cryptography;
using IotStack.Firmware.Ota;

namespace IotStack.Ota.Tests.Firmware.Crypto;

public sealed class ShaTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(55)]
    [InlineData(56)]
    [InlineData(63)]
    [InlineData(64)]
    [InlineData(111)]
    [InlineData(112)]
    [InlineData(127)]
    [InlineData(128)]
    [InlineData(1000)]
    [InlineData(70_001)]
    public void Final_AnyLengthInUnevenPieces_MatchesPlatformHash(int length)
    {
        var data = new byte[length];
        new Random(length).NextBytes(data);
        var sha256 = new Sha256();
        var sha512 = new Sha512();
        var split = new Random(length + 1);
        for (int pos = 0; pos < length;)
        {
            int take = Math.Min(length - pos, split.Next(1, 200));
            sha256.Update(data, pos, take);
            sha512.Update(data, pos, take);
            pos += take;
        }

        var d256 = new byte[32];
        var d512 = new byte[64];
        sha256.Final(d256, 0);
        sha512.Final(d512, 0);

        Assert.Equal(SHA256.HashData(data), d256);
        Assert.Equal(SHA512.HashData(data), d512);
    }

    [Fact]
    public void Final_Abc_MatchesFips180Example()
    {
        var abc = "abc"u8.ToArray();
        Assert.Equal("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", Convert.ToHexStringLower(Sha256.Hash(abc, 0, 3)));
        var sha512 = new Sha512();
        sha512.Update(abc, 0, 3);
        var d = new byte[64];
        sha512.Final(d, 0);
        Assert.StartsWith("ddaf35a193617abacc417349ae204131", Convert.ToHexStringLower(d));
    }

    [Fact]
    public void Final_CalledTwice_ResetsBetweenMessages()
    {
        var sha = new Sha256();
        var a = new byte[32];
        var b = new byte[32];
        sha.Update([1, 2, 3], 0, 3);
        sha.Final(a, 0);
        sha.Update([1, 2, 3], 0, 3);
        sha.Final(b, 0);
        Assert.Equal(a, b);
    }
}
