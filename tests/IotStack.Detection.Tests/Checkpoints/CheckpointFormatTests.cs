using System.Text;
using IotStack.Detection.Checkpoints;

namespace IotStack.Detection.Tests.Checkpoints;

/// <summary>The checkpoint frame is a stored format: its header bytes, checksum and per-version sizes are frozen here.</summary>
public sealed class CheckpointFormatTests
{
    [Fact]
    public void Crc32C_CheckString_MatchesTheStandardCheckValue()
    {
        // The check value of CRC-32C (Castagnoli) for "123456789" (RFC 3720 §B.4 uses the same polynomial).
        Assert.Equal(0xE3069283u, CheckpointFormat.Crc32C(Encoding.ASCII.GetBytes("123456789")));
        Assert.Equal(0u, CheckpointFormat.Crc32C([]));
    }

    [Fact]
    public void Save_Header_IsMagicVersionFingerprintLength()
    {
        var set = new DetectorSet(ChannelDetectionSpec.SeedRule);
        var bytes = new byte[set.CheckpointSize];
        set.Save(bytes);

        Assert.Equal("IDCK"u8.ToArray(), bytes[..4]);
        Assert.Equal(new byte[] { 1, 0, 0, 0 }, bytes[4..8]);
        Assert.Equal(BitConverter.GetBytes(set.Fingerprint), bytes[8..16]);
        Assert.Equal(BitConverter.GetBytes(set.CheckpointSize - CheckpointFormat.FrameBytes), bytes[16..20]);
    }

    /// <summary>
    /// A change to what any type saves changes these sizes: then bump <see cref="CheckpointFormat.Version"/> (a gateway
    /// must refuse the old layout, not misread it) and freeze the new sizes under the new version.
    /// </summary>
    [Fact]
    public void CheckpointSize_PerSpec_FrozenForThisFormatVersion()
    {
        Assert.Equal(1, CheckpointFormat.Version);
        Assert.Equal(
            (592, 9176, 10625),
            (new DetectorSet(ChannelDetectionSpec.SeedRule).CheckpointSize, new DetectorSet(ChannelDetectionSpec.Default).CheckpointSize, new DetectorSet(CheckpointSeries.Everything).CheckpointSize));
    }

    [Fact]
    public void Fingerprint_SameSettingsInAnotherInstance_Equal()
    {
        // Stable across processes and builds: no string hash codes, no object identity (the seed rule's value is frozen).
        ChannelDetectionSpec copy = ChannelDetectionSpec.Default with { };
        Assert.Equal(ChannelDetectionSpec.Default.Fingerprint(), copy.Fingerprint());
        Assert.Equal(0x34de457614f1e482ul, ChannelDetectionSpec.SeedRule.Fingerprint());
    }
}
