namespace IotStack.Detection;

/// <summary>The outcome of one sample through a <see cref="DetectorSet"/>.</summary>
internal readonly struct DetectionResult
{
    public DetectionResult(double score, Finding strongest)
    {
        Score = score;
        Strongest = strongest;
    }

    /// <summary>Combined anomaly score in [0, 1] (after suppression of repeats; warnings below 0.5 are de-duplicated too).</summary>
    public double Score { get; }

    /// <summary>The rule with the highest score at this sample (its own, unsuppressed score).</summary>
    public Finding Strongest { get; }

    /// <summary>True when this sample should raise an alert: a new anomaly, not a repeat inside the suppression span.</summary>
    public bool IsAnomaly => Score >= Finding.AnomalyScore;
}
