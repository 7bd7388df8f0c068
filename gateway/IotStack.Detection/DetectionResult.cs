namespace IotStack.Detection;

/// <summary>The outcome of one sample through a <see cref="DetectorSet"/>.</summary>
internal readonly struct DetectionResult
{
    public DetectionResult(double score, Finding strongest)
        : this(score, strongest, score >= Finding.AnomalyScore)
    {
    }

    public DetectionResult(double score, Finding strongest, bool isAlert)
    {
        Score = score;
        Strongest = strongest;
        IsAlert = isAlert;
    }

    /// <summary>Combined anomaly score in [0, 1] (after suppression of repeats; warnings below 0.5 are de-duplicated too).</summary>
    public double Score { get; }

    /// <summary>The rule with the highest score at this sample (its own, unsuppressed score).</summary>
    public Finding Strongest { get; }

    /// <summary>True when this sample should raise an alert: a new anomaly, not a repeat inside the suppression span.</summary>
    public bool IsAnomaly => Score >= Finding.AnomalyScore;

    /// <summary>
    /// True when an operator should be alerted: the combined score came from a calibrated rule (<see cref="ChannelDetectionSpec.CalibratedAlerts"/>)
    /// (a new episode at that level). Equals <see cref="IsAnomaly"/> when that is off.
    /// </summary>
    public bool IsAlert { get; }
}
