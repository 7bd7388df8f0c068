using IotStack.Detection.Detectors;

namespace IotStack.Detection;

/// <summary>
/// All rules for one series. Fixed memory (every buffer is sized here), streaming (each sample is scored
/// against the past only) and allocation-free per sample. Not thread-safe: one writer per series.
/// </summary>
internal sealed class DetectorSet
{
    private readonly SeriesDetector[] _detectors;
    private readonly int _suppressSamples;
    private readonly double _suppressAbove;
    private int _suppressLeft;

    public DetectorSet(ChannelDetectionSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        IReadOnlyList<string> errors = spec.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException("Channel detection spec is invalid: " + string.Join("; ", errors), nameof(spec));
        }

        var detectors = new List<SeriesDetector>(8);
        if (spec.Threshold is { } threshold)
        {
            detectors.Add(new ThresholdDetector(threshold));
        }

        if (spec.RateOfChange is { } rate)
        {
            detectors.Add(new RateOfChangeDetector(rate));
        }

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

        if (spec.StuckAt is { } stuck)
        {
            detectors.Add(new StuckAtDetector(stuck));
        }

        _detectors = detectors.ToArray();
        _suppressSamples = spec.SuppressSamples;
        _suppressAbove = spec.SuppressAbove;
    }

    public int DetectorCount => _detectors.Length;

    /// <summary>Scores one sample. Non-finite values are not learnt from and score 0.</summary>
    public DetectionResult Observe(long timestampMs, double value)
    {
        if (!double.IsFinite(value))
        {
            return new DetectionResult(0, Finding.Quiet(DetectionRule.None, timestampMs, value));
        }

        Finding strongest = Finding.Quiet(DetectionRule.None, timestampMs, value);
        SeriesDetector[] detectors = _detectors;
        for (int i = 0; i < detectors.Length; i++)
        {
            Finding finding = detectors[i].Observe(timestampMs, value);
            if (finding.Score > strongest.Score)
            {
                strongest = finding;
            }
        }

        double score = strongest.Score;
        if (_suppressLeft > 0)
        {
            // Same episode as the last alert: report the finding, do not alert again.
            _suppressLeft--;
            score = 0;
        }
        else if (score >= _suppressAbove)
        {
            _suppressLeft = _suppressSamples;
        }

        return new DetectionResult(score, strongest);
    }

    /// <summary>Forgets everything learnt (e.g. after recalibration or a firmware change on the device).</summary>
    public void Reset()
    {
        foreach (SeriesDetector detector in _detectors)
        {
            detector.Reset();
        }

        _suppressLeft = 0;
    }
}
