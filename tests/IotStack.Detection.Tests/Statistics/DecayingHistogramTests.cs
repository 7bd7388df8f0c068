using IotStack.Detection.Statistics;

namespace IotStack.Detection.Tests.Statistics;

public sealed class DecayingHistogramTests
{
    [Theory]
    [InlineData(64)]
    [InlineData(61)]
    [InlineData(8)]
    public void SumAbove_EveryBin_EqualsTheFourScalarSumsToTheBit(int bins)
    {
        // Weights over many orders of magnitude (a short half-life), so a changed order of additions would show.
        var random = new Random(bins);
        var histogram = new DecayingHistogram(bins, halfLifeSamples: 50);
        for (int step = 0; step < 5000; step++)
        {
            histogram.Add(random.Next(bins));
        }

        var counts = new float[bins];
        for (int bin = 0; bin < bins; bin++)
        {
            counts[bin] = (float)histogram[bin];
        }

        for (int bin = 0; bin < bins; bin++)
        {
            double expected = DecayingHistogram.SumAboveScalar(counts, bin + 1);
            Assert.Equal(BitConverter.DoubleToInt64Bits(expected), BitConverter.DoubleToInt64Bits(histogram.SumAbove(bin)));
        }
    }
}
