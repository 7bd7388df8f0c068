using IotStack.Gateway.Dashboard.Charts;
using IotStack.Gateway.Storage;

namespace IotStack.Console.Tests.Dashboard.Charts;

public sealed class ExpectedBandTests
{
    [Fact]
    public void Compute_SpikeAfterSteadyHistory_SpikeLeavesTheBandNeighboursStayIn()
    {
        var t = DateTimeOffset.UnixEpoch;
        var points = Enumerable.Range(0, 40)
            .Select(i => new SeriesPoint(t.AddMinutes(i), 0, 0, i == 35 ? 40 : 20 + (0.3 * Math.Sin(i)), 60))
            .ToList();

        (double Low, double High)?[] band = ExpectedBand.Compute(points, 3);

        Assert.All(band.Take(ExpectedBand.MinHistory), b => Assert.Null(b));
        Assert.True(points[35].Mean > band[35]!.Value.High);
        Assert.InRange(points[34].Mean, band[34]!.Value.Low, band[34]!.Value.High);
    }
}
