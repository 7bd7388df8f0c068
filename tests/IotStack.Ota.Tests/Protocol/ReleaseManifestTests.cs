using IotStack.Protocol;

namespace IotStack.Ota.Tests.Protocol;

public sealed class ReleaseManifestTests
{
    internal static ReleaseManifest Sample()
    {
        var m = new ReleaseManifest
        {
            Version = "1.2.3",
            Board = "esp32",
            MinimumVersion = "1.0",
            CreatedMs = 0x0102030405060708,
            TotalSize = 300,
        };
        for (int i = 0; i < 32; i++)
        {
            m.ImageSha256[i] = (byte)i;
        }

        var a = new ManifestFile { Name = "App.pe", Size = 100 };
        var b = new ManifestFile { Name = "Lib.pe", Size = 200 };
        a.Sha256[0] = 0xAA;
        b.Sha256[31] = 0xBB;
        m.Files = [a, b];
        return m;
    }

    [Fact]
    public void WriteTo_Sample_ProducesFrozenBytes()
    {
        // Golden bytes: boards in the field parse this layout. A change here needs a new format byte.
        var bytes = Sample().ToBytes();
        var hex = Convert.ToHexStringLower(bytes);

        Assert.Equal(
            "494f544d01" + "05312e322e33" + "056573703332" + "03312e30" + "0807060504030201" + "2c010000"
            + "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f" + "02"
            + "064170702e7065" + "64000000" + "aa" + new string('0', 62)
            + "064c69622e7065" + "c8000000" + new string('0', 62) + "bb",
            hex);
    }

    [Fact]
    public void ReadFrom_WrittenBytes_RoundTrips()
    {
        var bytes = Sample().ToBytes();
        var read = new ReleaseManifest();

        Assert.Equal(DecodeStatus.Ok, read.ReadFrom(bytes, 0, bytes.Length));
        Assert.Equal("1.2.3", read.Version);
        Assert.Equal("esp32", read.Board);
        Assert.Equal("1.0", read.MinimumVersion);
        Assert.Equal(0x0102030405060708, read.CreatedMs);
        Assert.Equal(2, read.Files.Length);
        Assert.True(read.Files[1].SameContentAs(Sample().Files[1]));
        Assert.Equal(bytes, read.ToBytes());
    }

    [Fact]
    public void ReadFrom_EveryTruncation_ReportsWithoutThrowing()
    {
        var bytes = Sample().ToBytes();
        for (int n = 0; n < bytes.Length; n++)
        {
            Assert.NotEqual(DecodeStatus.Ok, new ReleaseManifest().ReadFrom(bytes, 0, n));
        }
    }

    [Fact]
    public void ReadFrom_PathInFileName_RefusesAsInvalid()
    {
        var m = Sample();
        var bytes = m.ToBytes();
        int at = Array.IndexOf(bytes, (byte)'A');
        bytes[at] = (byte)'/';

        Assert.Equal(DecodeStatus.InvalidField, new ReleaseManifest().ReadFrom(bytes, 0, bytes.Length));
    }

    [Fact]
    public void ReadFrom_SizesNotAddingUp_RefusesAsInvalid()
    {
        var bytes = Sample().ToBytes();
        bytes[4 + 1 + 6 + 6 + 4 + 8] = 0x2D; // total size 301

        Assert.Equal(DecodeStatus.InvalidField, new ReleaseManifest().ReadFrom(bytes, 0, bytes.Length));
    }

    [Theory]
    [InlineData("1.2.3", "1.2.3", 0)]
    [InlineData("1.10", "1.9", 1)]
    [InlineData("1.2", "1.2.0", 0)]
    [InlineData("2", "10", -1)]
    [InlineData("0.9.9.9", "1", -1)]
    public void Compare_Versions_OrdersNumerically(string a, string b, int expected)
    {
        Assert.Equal(expected, Math.Sign(ReleaseVersion.Compare(a, b)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("1.")]
    [InlineData(".1")]
    [InlineData("1..2")]
    [InlineData("1.2.3.4.5")]
    [InlineData("1.2-beta")]
    [InlineData("1234567890")]
    public void IsValid_Malformed_False(string version)
    {
        Assert.False(ReleaseVersion.IsValid(version));
    }
}
