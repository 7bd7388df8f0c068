using IotStack.Detection.Detectors;
using IotStack.Detection.Options;

namespace IotStack.Detection.Tests.Detectors;

public sealed class EwmaDetectorTests : SeriesDetectorContractTests
{
    private protected override DetectionRule ExpectedRule => DetectionRule.Ewma;

    private protected override SeriesDetector Create() => new EwmaDetector(new EwmaOptions());

    protected override double[] Faulty(int seed) => Signals.WithLevelShift(Signals.Sinusoid(Length, seed), FaultStart, 10);
}
