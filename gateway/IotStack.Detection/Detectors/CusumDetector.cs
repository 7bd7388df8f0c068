using IotStack.Detection.Checkpoints;
using IotStack.Detection.Options;
using IotStack.Detection.Statistics;

namespace IotStack.Detection.Detectors;

/// <summary>
/// Two-sided tabular CUSUM (Page 1954; Montgomery, "Introduction to Statistical Quality Control" §9.1):
/// accumulates standardised deviations beyond a slack k and fires when the sum passes h, which catches
/// slow drift and small level shifts that no single sample reveals. The in-control level and σ are learnt
/// by a slow EWMA that pauses while a shift is accumulating, and restart at the new level after a finding.
/// </summary>
internal sealed class CusumDetector : SeriesDetector
{
    private readonly CusumOptions _options;

    // 1 / Threshold when that is exact (a power of two, as the default 8): x · 2⁻ᵏ and x / 2ᵏ are the same real number,
    // so the same double, and a multiplication instead of a division per sample. 0 = divide.
    private readonly double _exactInverseThreshold;
    private ExponentialMoments _moments;
    private int _count;
    private double _upper;
    private double _lower;

    public CusumDetector(CusumOptions options)
    {
        options.ThrowIfInvalid();
        _options = options;
        double inverse = 1 / options.Threshold;
        bool powerOfTwo = double.IsNormal(options.Threshold) && (BitConverter.DoubleToInt64Bits(options.Threshold) & 0xF_FFFF_FFFF_FFFF) == 0;
        _exactInverseThreshold = powerOfTwo && double.IsNormal(inverse) ? inverse : 0;
    }

    public override DetectionRule Rule => DetectionRule.Cusum;

    public override Finding Observe(long timestampMs, double value)
    {
        double score = Score(value, out double expectedLow, out double expectedHigh);
        return new Finding(Rule, timestampMs, value, expectedLow, expectedHigh, score);
    }

    /// <summary>
    /// <see cref="Observe"/> without building the finding: the score, and the band through <paramref name="expectedLow"/>
    /// and <paramref name="expectedHigh"/> (NaN when quiet). A non-virtual call for a combiner that knows this type.
    /// </summary>
    public double Score(double value, out double expectedLow, out double expectedHigh)
    {
        expectedLow = double.NaN;
        expectedHigh = double.NaN;
        if (_count < _options.WarmupSamples)
        {
            Learn(value, Math.Max(_options.Alpha, 1.0 / (_count + 1)));
            return 0;
        }

        // MaxNative: one instruction (Math.Max orders NaN and ±0 in three); every operand below is finite and none is
        // −0.
        double sigma = double.MaxNative(Math.Sqrt(_moments.Variance), _options.MinSpread);
        double z = sigma > 0 ? (value - _moments.Mean) / sigma : 0;
        _upper = double.MaxNative(0, _upper + z - _options.Slack);
        _lower = double.MaxNative(0, _lower - z - _options.Slack);
        double largest = double.MaxNative(_upper, _lower);
        double ratio = _exactInverseThreshold > 0 ? largest * _exactInverseThreshold : largest / _options.Threshold;
        double band = (_options.Slack * sigma) + (_options.Threshold * sigma);
        expectedLow = _moments.Mean - band;
        expectedHigh = _moments.Mean + band;
        double score = ScoreMap.FromRatio(ratio);

        if (ratio >= 1)
        {
            // Shift confirmed: restart at the new level, keep the learnt σ.
            _moments.Mean = value;
            _upper = 0;
            _lower = 0;
        }
        else if (ratio < 0.5)
        {
            Learn(value, _options.Alpha);
        }

        return score;
    }

    public override void Save(ref CheckpointWriter writer)
    {
        _moments.Save(ref writer);
        writer.Write(_count);
        writer.Write(_upper);
        writer.Write(_lower);
    }

    public override void Load(ref CheckpointReader reader)
    {
        _moments.Load(ref reader);
        _count = reader.ReadInt32(0, int.MaxValue, "CUSUM samples");
        _upper = reader.ReadDouble();
        _lower = reader.ReadDouble();
    }

    public override void Reset()
    {
        _count = 0;
        _moments = default;
        _upper = 0;
        _lower = 0;
    }

    private void Learn(double value, double alpha)
    {
        if (_count == 0)
        {
            _moments.Mean = value;
            _count = 1;
            return;
        }

        _moments.Add(value, alpha);
        _count++;
    }
}
