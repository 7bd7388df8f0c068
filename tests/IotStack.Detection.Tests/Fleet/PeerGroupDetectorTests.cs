using IotStack.Detection.Fleet;

namespace IotStack.Detection.Tests.Fleet;

public sealed class PeerGroupDetectorTests
{
    [Fact]
    public void Evaluate_MemberFarFromPeers_IsPeerDeviation()
    {
        var group = new PeerGroupDetector(capacity: 8);
        var random = new Random(1);
        for (int m = 0; m < 7; m++)
        {
            group.Update(m, 1000, 21 + (0.3 * Signals.Gaussian(random)));
        }

        group.Update(7, 1000, 29);
        Finding finding = group.Evaluate(7);
        Assert.True(finding.IsAnomaly, finding.Explain());
        Assert.Equal(DetectionRule.PeerDeviation, finding.Rule);
        Assert.InRange(finding.ExpectedLow, 18, 21);
        Assert.InRange(finding.ExpectedHigh, 21, 24);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Evaluate_MembersAgree_NobodyDeviates(int seed)
    {
        // MAD of 9 peers is itself noisy; the sensor's stated accuracy (±0.3) bounds the spread from below.
        var group = new PeerGroupDetector(capacity: 10, minSpread: 0.3);
        var random = new Random(seed);
        for (int m = 0; m < 10; m++)
        {
            group.Update(m, 1000, 21 + (0.3 * Signals.Gaussian(random)));
        }

        for (int m = 0; m < 10; m++)
        {
            Assert.False(group.Evaluate(m).IsAnomaly, group.Evaluate(m).Explain() + " seed " + seed + " m " + m);
        }
    }

    [Fact]
    public void Evaluate_TooFewFreshPeers_IsQuiet()
    {
        var group = new PeerGroupDetector(capacity: 4, minPeers: 3);
        group.Update(0, 1_000, 20);
        group.Update(1, 1_000, 20.1);
        group.Update(2, 1, 20.2);          // stale
        group.Update(3, 1_000, 90);
        Assert.False(group.Evaluate(3, maxAgeMs: 500).IsAnomaly);
        Assert.True(group.Evaluate(3).IsAnomaly);
    }

    [Fact]
    public void Evaluate_RemovedMember_IsNotAPeer()
    {
        var group = new PeerGroupDetector(capacity: 5, minPeers: 3);
        for (int m = 0; m < 4; m++)
        {
            group.Update(m, 0, 20 + (0.1 * m));
        }

        group.Update(4, 0, 50);
        group.Remove(0);
        group.Remove(1);
        Assert.False(group.Evaluate(4).IsAnomaly);
    }

    [Fact]
    public void Constructor_InvalidK_ThrowsWithReason()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new PeerGroupDetector(4, k: 0));
        Assert.Contains("K must be", error.Message, StringComparison.Ordinal);
    }
}
