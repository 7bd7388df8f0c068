namespace IotStack.Detection.Silence;

/// <summary>
/// Missing data / heartbeat loss for one series or device: silent for longer than ExpectedPeriod × Tolerance.
/// The caller records arrivals and asks with the current time (from its TimeProvider), so no timer lives here.
/// The expected period can be learnt from arrivals (EWMA of the gaps) when not configured.
/// </summary>
internal sealed class SilenceTracker
{
    private readonly double _tolerance;
    private readonly bool _learnPeriod;
    private double _periodMs;
    private long _lastMs;
    private bool _seen;

    /// <param name="expectedPeriodMs">Expected gap between samples; 0 = learn it from the arrivals.</param>
    /// <param name="tolerance">How many expected periods of silence are still fine (k).</param>
    public SilenceTracker(long expectedPeriodMs, double tolerance = 3)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(expectedPeriodMs);
        if (!(tolerance >= 1) || double.IsInfinity(tolerance))
        {
            throw new ArgumentOutOfRangeException(nameof(tolerance), tolerance, "Tolerance must be a finite number of at least 1 (expected periods of silence allowed).");
        }

        _tolerance = tolerance;
        _learnPeriod = expectedPeriodMs == 0;
        _periodMs = expectedPeriodMs;
    }

    public bool HasSeenSample => _seen;

    public long LastSampleMs => _lastMs;

    public double ExpectedPeriodMs => _periodMs;

    /// <summary>Records a sample (or heartbeat) arrival.</summary>
    public void Observe(long timestampMs)
    {
        if (_seen && _learnPeriod && timestampMs > _lastMs)
        {
            double gap = timestampMs - _lastMs;
            // First gap sets the period; later gaps move it slowly so one long outage does not become "normal".
            _periodMs = _periodMs == 0 ? gap : _periodMs + (0.1 * (Math.Min(gap, 3 * _periodMs) - _periodMs));
        }

        if (!_seen || timestampMs > _lastMs)
        {
            _lastMs = timestampMs;
        }

        _seen = true;
    }

    /// <summary>Checks for silence at <paramref name="nowMs"/>; the finding's Value is the silence in ms.</summary>
    public Finding Check(long nowMs)
    {
        if (!_seen || _periodMs <= 0)
        {
            return Finding.Quiet(DetectionRule.MissingData, nowMs, 0);
        }

        double silence = nowMs - _lastMs;
        double allowed = _periodMs * _tolerance;
        double score = silence > allowed ? Math.Min(1, 0.5 + (0.5 * (silence - allowed) / allowed)) : 0;
        return new Finding(DetectionRule.MissingData, nowMs, silence, 0, allowed, score);
    }

    public Finding Check(TimeProvider time) => Check(time.GetUtcNow().ToUnixTimeMilliseconds());
}
