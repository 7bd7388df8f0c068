using IotStack.Gateway.Storage;
using IotStack.Protocol;

namespace IotStack.Gateway.Tests.Storage;

/// <summary>The sample block is an on-disk format: these bytes must keep decoding after any change.</summary>
public sealed class SampleBlockTests
{
    private static readonly byte[] Golden =
    [
        0x01, 0x02, 0x00,
        0x01, 0xE8, 0x03, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xC8, 0x41,
        0x02, 0xE9, 0x03, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x48, 0xC2,
    ];

    private static (WriteSet Set, BatchRow Batch) TwoSamples()
    {
        var set = new WriteSet();
        set.BeginBatch("d", "f", 1, 5);
        set.AddSample(Channel.Temperature, 1000, 25f);
        set.AddSample(Channel.Humidity, 1001, -50f);
        return (set, set.BatchAt(0));
    }

    [Fact]
    public void Write_TwoSamples_GoldenBytesAndTimeSpan()
    {
        (WriteSet set, BatchRow batch) = TwoSamples();
        byte[] block = new byte[SampleBlock.SizeOf(batch.SampleCount)];

        int written = SampleBlock.Write(set, batch, block, out long first, out long last);

        Assert.Equal(Golden, block[..written]);
        Assert.Equal((1000L, 1001L), (first, last));
    }

    [Fact]
    public void Read_GoldenBytes_OnlyRequestedChannelInRange()
    {
        var points = new List<SeriesPoint>();

        SampleBlock.Read(Golden, Channel.Humidity, 0, 2000, points);
        SampleBlock.Read(Golden, Channel.Temperature, 1001, 2000, points);

        SeriesPoint point = Assert.Single(points);
        Assert.Equal((1001L, -50.0, 1L), (point.Time.ToUnixTimeMilliseconds(), point.Mean, point.Count));
    }

    [Fact]
    public void Read_TruncatedBlock_Throws()
    {
        Assert.Throws<InvalidDataException>(() => SampleBlock.Read(Golden.AsSpan(0, 20), Channel.Temperature, 0, 2000, []));
    }

    [Fact]
    public void Read_UnknownVersion_Throws()
    {
        byte[] future = [.. Golden];
        future[0] = 2;

        Assert.Throws<InvalidDataException>(() => SampleBlock.Read(future, Channel.Temperature, 0, 2000, []));
    }
}
