namespace IotStack.Detection;

/// <summary>Which rule produced a finding. Persisted by the gateway (alerts table, API): numbers are frozen.</summary>
internal enum DetectionRule
{
    None = 0,
    SigmaBand = 1,
    RobustZ = 2,
    Ewma = 3,
    Cusum = 4,
    StuckAt = 5,
    RateOfChange = 6,
    Threshold = 7,
    MissingData = 8,
    PeerDeviation = 9,
    Seasonal = 10,
    Novelty = 11,
    Prediction = 12,
    LevelShift = 13,
    VarianceShift = 14,
    Drift = 15,
}
