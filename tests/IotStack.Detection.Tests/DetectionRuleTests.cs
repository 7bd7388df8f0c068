namespace IotStack.Detection.Tests;

/// <summary>Rule numbers are stored by the gateway (alerts, API): renumbering would corrupt history.</summary>
public sealed class DetectionRuleTests
{
    [Fact]
    public void Values_ArePersistedNumbers_Frozen()
    {
        var expected = new Dictionary<string, int>
        {
            ["None"] = 0,
            ["SigmaBand"] = 1,
            ["RobustZ"] = 2,
            ["Ewma"] = 3,
            ["Cusum"] = 4,
            ["StuckAt"] = 5,
            ["RateOfChange"] = 6,
            ["Threshold"] = 7,
            ["MissingData"] = 8,
            ["PeerDeviation"] = 9,
            ["Seasonal"] = 10,
            ["Novelty"] = 11,
            ["Prediction"] = 12,
            ["LevelShift"] = 13,
            ["VarianceShift"] = 14,
            ["Drift"] = 15,
        };
        var actual = Enum.GetValues<DetectionRule>().ToDictionary(r => r.ToString(), r => (int)r);
        Assert.Equal(expected, actual);
    }
}
