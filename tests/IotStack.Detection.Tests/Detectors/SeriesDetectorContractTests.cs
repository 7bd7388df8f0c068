using IotStack.Detection.Checkpoints;
using IotStack.Detection.Detectors;
using IotStack.Detection.Tests.Checkpoints;

namespace IotStack.Detection.Tests.Detectors;

/// <summary>
/// What every streaming rule promises: it fires on its fault (not before it starts), stays quiet on clean
/// signals, explains what it found, and forgets on reset. One derived class per rule.
/// </summary>
public abstract class SeriesDetectorContractTests
{
    protected const int Length = 2000;
    protected const int FaultStart = 1500;

    /// <summary>Samples after the fault starts within which the rule must fire.</summary>
    protected virtual int DetectionDelay => 5;

    private protected abstract SeriesDetector Create();

    /// <summary>A signal that is clean before <see cref="FaultStart"/> and shows the rule's fault from there.</summary>
    protected abstract double[] Faulty(int seed);

    private protected abstract DetectionRule ExpectedRule { get; }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Observe_Fault_FiresSoonAfterItStarts(int seed)
    {
        SeriesDetector detector = Create();
        double[] values = Faulty(seed);
        int firstFinding = FirstAnomaly(detector, values);
        Assert.InRange(firstFinding, FaultStart, FaultStart + DetectionDelay);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Observe_CleanSinusoid_StaysQuiet(int seed)
    {
        Assert.Equal(-1, FirstAnomaly(Create(), Signals.Sinusoid(Length, seed)));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Observe_RandomWalkWithinRange_StaysQuiet(int seed)
    {
        Assert.Equal(-1, FirstAnomaly(Create(), Signals.RandomWalk(Length, seed)));
    }

    [Fact]
    public void Observe_Fault_FindingNamesRuleAndExplainsIt()
    {
        SeriesDetector detector = Create();
        double[] values = Faulty(1);
        Finding found = default;
        for (int i = 0; i < values.Length && !found.IsAnomaly; i++)
        {
            found = detector.Observe(Signals.Time(i), values[i]);
        }

        Assert.True(found.IsAnomaly);
        Assert.Equal(ExpectedRule, found.Rule);
        Assert.Equal(ExpectedRule, detector.Rule);
        Assert.StartsWith("anomaly: ", found.Explain(), StringComparison.Ordinal);
    }

    [Fact]
    public void Reset_AfterFault_BehavesLikeNew()
    {
        SeriesDetector used = Create();
        double[] values = Faulty(2);
        FirstAnomaly(used, values);
        used.Reset();
        SeriesDetector fresh = Create();
        for (int i = 0; i < values.Length; i++)
        {
            Assert.Equal(fresh.Observe(Signals.Time(i), values[i]).Score, used.Observe(Signals.Time(i), values[i]).Score);
        }
    }

    [Theory]
    [InlineData(FaultStart - 100)]
    [InlineData(FaultStart + 2)]
    public void Load_SavedMidSeries_ContinuesIdentically(int at)
    {
        SeriesDetector original = Create();
        double[] values = Faulty(3);
        for (int i = 0; i < at; i++)
        {
            original.Observe(Signals.Time(i), values[i]);
        }

        CheckpointWriter counter = CheckpointWriter.Counting();
        original.Save(ref counter);
        var bytes = new byte[counter.Position];
        var writer = new CheckpointWriter(bytes);
        original.Save(ref writer);
        SeriesDetector restored = Create();
        var reader = new CheckpointReader(bytes);
        restored.Load(ref reader);

        Assert.Equal(0, reader.Remaining);
        LearntState.AssertEqual(original, restored);

        // Also into a rule that has learnt another signal: a field Load leaves alone keeps that signal's value.
        SeriesDetector decoy = Create();
        double[] other = Faulty(4);
        for (int i = 0; i < FaultStart + 30; i++)
        {
            decoy.Observe(Signals.Time(i) + 7, (other[i] * 2) + 50);
        }

        var again = new CheckpointReader(bytes);
        decoy.Load(ref again);
        LearntState.AssertEqual(original, decoy);
        for (int i = at; i < values.Length; i++)
        {
            Finding expected = original.Observe(Signals.Time(i), values[i]);
            Finding actual = restored.Observe(Signals.Time(i), values[i]);
            Assert.Equal(BitConverter.DoubleToInt64Bits(expected.Score), BitConverter.DoubleToInt64Bits(actual.Score));
            Assert.Equal(expected.Explain(), actual.Explain());
        }
    }

    private static int FirstAnomaly(SeriesDetector detector, double[] values)
    {
        for (int i = 0; i < values.Length; i++)
        {
            if (detector.Observe(Signals.Time(i), values[i]).IsAnomaly)
            {
                return i;
            }
        }

        return -1;
    }
}
