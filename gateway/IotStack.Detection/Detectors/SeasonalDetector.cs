using System.Runtime.CompilerServices;
using IotStack.Detection.Checkpoints;
using IotStack.Detection.Options;
using IotStack.Detection.Statistics;

namespace IotStack.Detection.Detectors;

/// <summary>
/// Seasonal residual: keeps an exponentially weighted level per phase bucket of a fixed period (e.g. 288
/// five-minute buckets of a day) and scores the residual against the spread of residuals. Catches a missing
/// daily peak or a plateau at an unusual hour, which look normal to rules without a notion of time of day.
/// Buckets come from the timestamp, so uneven spacing and gaps are fine. Once learnt, the profile also gives the
/// shift and drift tests their input: the value less this phase's deviation from the day's mean level
/// (<see cref="SeasonalOffset"/>), so a daily swing is not taken for a change of level.
/// </summary>
internal sealed class SeasonalDetector : SeriesDetector
{
    private readonly SeasonalOptions _options;
    private readonly LearningRate _levelRate;
    private readonly LearningRate _spreadRate;
    private readonly double[] _level;
    private readonly int[] _seen;
    private double _residualVariance;
    private int _residualCount;
    private ExponentialMoments _moments;
    private long _firstTimestampMs = long.MinValue;

    // The profile the shift tests subtract, as in additive Holt–Winters: a level (the deseasonalised value's EW mean
    // over LevelSamples, the drift test's recent horizon) and per bucket the value's deviation from it, so a level
    // change goes into the level within hours instead of into each bucket as it comes round a day later (which made
    // one step a day of drift findings). Learnt only from samples this rule finds normal: a dropout to 0 or a spike
    // must not come back every day. The mean of the deviations is kept as they change; 1 / buckets seen.
    private const double LevelSamples = 128;

    // 1 / LevelSamples, a power of two: x · 2⁻⁷ and x / 2⁷ are the same real number, so the same double.
    private const double InverseLevelSamples = 1 / LevelSamples;

    // Explains(): the division is needed only within 2⁻²⁰ (relative) of the boundary, far above the rounding of the
    // products that bound it (2⁻⁵² each), for fractions up to 1 − 2⁻¹⁰ and variances far from underflow and overflow.
    private const double BelowBoundary = 1 - (1.0 / (1 << 20));
    private const double AboveBoundary = 1 + (1.0 / (1 << 20));
    private const double MaxBoundedFraction = 1 - (1.0 / (1 << 10));
    private readonly double[] _shiftLevel;

    // Residuals learnt before the explained fraction is reported (read by the combiner every sample).
    private readonly int _minResiduals;
    private double _deseasonalLevel;
    private double _profileMean;
    private double _inverseSeen;
    private int _seenBuckets;
    private bool _profileReady;
    private double _offset = double.NaN;

    // Buckets of whole milliseconds (period divisible by buckets, e.g. 5 min of a day): the current bucket's span, so
    // a sample in it or the next one needs no 64-bit division (three per sample otherwise).
    private readonly long _bucketMs;
    private long _bucketStartMs = long.MaxValue;
    private int _bucket;

    public SeasonalDetector(SeasonalOptions options)
    {
        options.ThrowIfInvalid();
        _options = options;
        _levelRate = new LearningRate(options.Alpha);
        _spreadRate = new LearningRate(options.SpreadAlpha);
        _level = new double[options.Buckets];
        _seen = new int[options.Buckets];
        _shiftLevel = new double[options.Buckets];
        _minResiduals = options.MinSeasons * options.Buckets;
        _bucketMs = options.PeriodMs % options.Buckets == 0 ? options.PeriodMs / options.Buckets : 0;
    }

    public override DetectionRule Rule => DetectionRule.Seasonal;

    /// <summary>Share of the series' variance the per-phase levels explain (1 − residual / total variance), 0 while learning.</summary>
    public double ExplainedFraction =>
        _residualCount < _minResiduals || _moments.Variance <= 0 ? 0 : Math.Max(0, 1 - (_residualVariance / _moments.Variance));

    /// <summary>
    /// <see cref="ExplainedFraction"/> ≥ <paramref name="fraction"/>, the same answer, without the division unless the
    /// residual variance is within 2⁻²⁰ of the boundary (1 − fraction of the total): the combiner asks every sample.
    /// </summary>
    public bool Explains(double fraction)
    {
        double total = _moments.Variance;
        if (_residualCount >= _minResiduals && fraction is > 0 and <= MaxBoundedFraction && total is > 1e-280 and < 1e280)
        {
            // Below the lower bound the quotient rounds to less than (1 − fraction)(1 − 2⁻²¹), so 1 − it rounds to
            // more than fraction; above the upper bound to more, so 1 − it to less. NaN falls through to the division.
            double boundary = total * (1 - fraction);
            if (_residualVariance <= boundary * BelowBoundary)
            {
                return true;
            }

            if (_residualVariance >= boundary * AboveBoundary)
            {
                return false;
            }
        }

        return ExplainedFraction >= fraction;
    }

    /// <summary>
    /// The last sample's phase deviation from the day's mean level, as learnt before that sample (expected − mean
    /// of the bucket levels); NaN until the profile is learnt (the first sample this rule scored), 0 for a phase
    /// never seen since.
    /// </summary>
    public double SeasonalOffset => _offset;

    public override Finding Observe(long timestampMs, double value)
    {
        double score = Score(timestampMs, value, out double expectedLow, out double expectedHigh);
        return new Finding(Rule, timestampMs, value, expectedLow, expectedHigh, score);
    }

    /// <summary>
    /// <see cref="Observe"/> without building the finding: the score, and the band through <paramref name="expectedLow"/>
    /// and <paramref name="expectedHigh"/> (NaN when quiet). A non-virtual call for a combiner that knows this type.
    /// </summary>
    /// <remarks>Inlined into <see cref="Combining.DefaultRules"/> (and into <see cref="Observe"/>): a call made the caller save and reload its doubles.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double Score(long timestampMs, double value, out double expectedLow, out double expectedHigh)
    {
        double overallAlpha = _spreadRate.For(_residualCount + 1);
        _moments.Add(value, overallAlpha);

        if (_firstTimestampMs == long.MinValue)
        {
            _firstTimestampMs = timestampMs;
        }

        int bucket = Bucket(timestampMs);
        double score = 0;
        expectedLow = double.NaN;
        expectedHigh = double.NaN;
        if (_seen[bucket] == 0)
        {
            _level[bucket] = value;
            _deseasonalLevel = _seenBuckets == 0 ? value : _deseasonalLevel;
            _shiftLevel[bucket] = value - _deseasonalLevel;
            _seen[bucket] = 1;
            _offset = _profileReady ? 0 : double.NaN;
            _seenBuckets++;
            _inverseSeen = 1.0 / _seenBuckets;
            _profileMean += (_shiftLevel[bucket] - _profileMean) * _inverseSeen;
            return score;
        }

        double expected = _level[bucket];
        double residual = value - expected;
        bool seasonsSpanned = timestampMs - _firstTimestampMs >= (_options.MinSeasons - 1) * _options.PeriodMs;
        if (_seen[bucket] >= _options.MinSeasons && _residualCount >= _options.MinSeasons && seasonsSpanned)
        {
            // MaxNative: one instruction (Math.Max orders NaN and ±0 in three); both are finite and ≥ +0.
            double sigma = double.MaxNative(Math.Sqrt(_residualVariance), _options.MinSpread);
            double halfWidth = _options.K * sigma;
            double ratio = halfWidth > 0 ? Math.Abs(residual) / halfWidth : (residual != 0 ? double.PositiveInfinity : 0);
            expectedLow = expected - halfWidth;
            expectedHigh = expected + halfWidth;
            score = ScoreMap.FromRatio(ratio);
            _profileReady = true;
        }

        double shiftExpected = _shiftLevel[bucket];
        _offset = _profileReady ? shiftExpected - _profileMean : double.NaN;

        // Learn the bucket level quickly at first (1/n), then with Alpha; residual spread is shared by all buckets.
        double alpha = _levelRate.For(_seen[bucket] + 1);
        _level[bucket] = expected + (alpha * residual);
        bool anomaly = score >= Finding.AnomalyScore;
        if (!anomaly)
        {
            _deseasonalLevel += (value - shiftExpected - _deseasonalLevel) * InverseLevelSamples;
            double shiftStep = alpha * (value - _deseasonalLevel - shiftExpected);
            _shiftLevel[bucket] = shiftExpected + shiftStep;
            _profileMean += shiftStep * _inverseSeen;
        }

        _seen[bucket]++;
        double spreadAlpha = overallAlpha; // _residualCount has not moved since
        if (!anomaly || _residualCount < _options.MinSeasons)
        {
            _residualVariance += spreadAlpha * ((residual * residual) - _residualVariance);
            _residualCount++;
        }

        return score;
    }

    public override void Save(ref CheckpointWriter writer)
    {
        writer.Write(_level);
        writer.Write(_seen);
        writer.Write(_residualVariance);
        writer.Write(_residualCount);
        _moments.Save(ref writer);
        writer.Write(_firstTimestampMs);
        writer.Write(_bucketStartMs);
        writer.Write(_bucket);
        writer.Write(_shiftLevel);
        writer.Write(_deseasonalLevel);
        writer.Write(_profileMean);
        writer.Write(_inverseSeen);
        writer.Write(_seenBuckets);
        writer.Write(_profileReady);
        writer.Write(_offset);
    }

    public override void Load(ref CheckpointReader reader)
    {
        reader.Read(_level);
        reader.Read(_seen);
        _residualVariance = reader.ReadDouble();
        _residualCount = reader.ReadInt32(0, int.MaxValue, "seasonal residuals");
        _moments.Load(ref reader);
        _firstTimestampMs = reader.ReadInt64();
        _bucketStartMs = reader.ReadInt64();
        _bucket = reader.ReadInt32(0, _level.Length - 1, "seasonal bucket");
        reader.Read(_shiftLevel);
        _deseasonalLevel = reader.ReadDouble();
        _profileMean = reader.ReadDouble();
        _inverseSeen = reader.ReadDouble();
        _seenBuckets = reader.ReadInt32(0, _level.Length, "seasonal buckets seen");
        _profileReady = reader.ReadBool();
        _offset = reader.ReadDouble();
    }

    public override void Reset()
    {
        _bucketStartMs = long.MaxValue;
        _bucket = 0;
        Array.Clear(_level);
        Array.Clear(_seen);
        Array.Clear(_shiftLevel);
        _residualVariance = 0;
        _residualCount = 0;
        _moments = default;
        _firstTimestampMs = long.MinValue;
        _profileMean = 0;
        _deseasonalLevel = 0;
        _inverseSeen = 0;
        _seenBuckets = 0;
        _profileReady = false;
        _offset = double.NaN;
    }

    private int Bucket(long timestampMs)
    {
        if (_bucketMs > 0 && timestampMs >= _bucketStartMs)
        {
            long since = timestampMs - _bucketStartMs;
            if (since < _bucketMs)
            {
                return _bucket;
            }

            if (since < 2 * _bucketMs)
            {
                _bucketStartMs += _bucketMs;
                _bucket = _bucket + 1 == _level.Length ? 0 : _bucket + 1;
                return _bucket;
            }
        }

        long phase = ((timestampMs % _options.PeriodMs) + _options.PeriodMs) % _options.PeriodMs;
        int bucket = (int)(phase * _options.Buckets / _options.PeriodMs);
        if (_bucketMs > 0)
        {
            _bucket = bucket;
            _bucketStartMs = timestampMs - phase + (bucket * _bucketMs);
        }

        return bucket;
    }
}
