using IotStack.Detection.Detectors;

namespace IotStack.Detection;

/// <summary>Builds the rule arrays from a spec, in a fixed order (cheap hard rules first).</summary>
internal sealed partial class DetectorSet
{
    private static SeriesDetector[] CreateHard(ChannelDetectionSpec spec)
    {
        var detectors = new List<SeriesDetector>(3);
        if (spec.Threshold is { } threshold)
        {
            detectors.Add(new ThresholdDetector(threshold));
        }

        if (spec.RateOfChange is { } rate)
        {
            detectors.Add(new RateOfChangeDetector(rate));
        }

        if (spec.StuckAt is { } stuck)
        {
            detectors.Add(new StuckAtDetector(stuck));
        }

        return detectors.ToArray();
    }

    // Rules calibrated by their own error rate (a z limit), scored against it rather than by rarity.
    private static ShiftDetector[] CreateCalibrated(ChannelDetectionSpec spec)
    {
        var detectors = new List<ShiftDetector>(2);
        if (spec.LevelShift is { } shift)
        {
            detectors.Add(new ShiftDetector(shift, DetectionRule.LevelShift));
        }

        if (spec.Drift is { } drift)
        {
            detectors.Add(new ShiftDetector(drift, DetectionRule.Drift));
        }

        return detectors.ToArray();
    }

    private static SeriesDetector[] CreateStatistical(ChannelDetectionSpec spec)
    {
        var detectors = new List<SeriesDetector>(7);
        if (spec.SigmaBand is { } sigma)
        {
            detectors.Add(new SigmaBandDetector(sigma));
        }

        if (spec.RobustZ is { } robust)
        {
            detectors.Add(new RobustZDetector(robust));
        }

        if (spec.Ewma is { } ewma)
        {
            detectors.Add(new EwmaDetector(ewma));
        }

        if (spec.Cusum is { } cusum)
        {
            detectors.Add(new CusumDetector(cusum));
        }

        if (spec.Seasonal is { } seasonal)
        {
            detectors.Add(new SeasonalDetector(seasonal));
        }

        if (spec.Novelty is { } novelty)
        {
            detectors.Add(new NoveltyDetector(novelty));
        }

        if (spec.Prediction is { } prediction)
        {
            detectors.Add(new PredictionDetector(prediction));
        }

        return detectors.ToArray();
    }
}
