using IotStack.Detection.Checkpoints;
using IotStack.Detection.Options;
using IotStack.Detection.Statistics;

namespace IotStack.Detection.Detectors;

/// <summary>
/// A lasting change between a recent horizon and a long reference, judged against the series' own noise. Level:
/// the recent EW mean against the reference level, z = (m_s − m_l) / se, where se is the spread of that
/// difference learnt on this series while nothing happened (so autocorrelation, a daily swing or any slow
/// structure counts as normal), never below its white-noise value σ·√(α_s/(2 − α_s)). Spread (optional): the
/// log ratio of the recent to the reference mean absolute first difference, in its standard errors; first
/// differences see the noise, not a step or a trend of the level, and only increases count (a quieter sensor is
/// the stuck-at rule's business). Inputs are clipped at 4 σ of the reference (Huber), so one heavy-tailed sample
/// moves the statistics by a bounded step while a real shift, many samples long, moves them all the way. One
/// class at two scales: short horizons for level and variance shifts, long ones for slow drift. Past its limit
/// the reference restarts at the new level (or spread) once the recent mean has settled, so one change is one
/// finding. With <see cref="ShiftOptions.SeasonalResidual"/> the input, once the set's seasonal rule has learnt its
/// daily profile, is the value less this phase's deviation from the day's mean (the test restarts on it), so a
/// daily cycle is not a shift. With <see cref="ShiftOptions.BlockSamples"/> above 1 the test runs on block means,
/// once per block (horizons stay in samples). A dozen doubles of state, 0 B per sample.
/// </summary>
internal sealed class ShiftDetector : SeriesDetector
{
    // √(π/2): σ of a Gaussian from its mean absolute deviation.
    private const double MadToSigma = 1.2533141373155003;

    // √(Var|X| / (E|X|)²) for a Gaussian, √(π/2 − 1): the relative spread of one absolute deviation.
    private const double MadRelativeSpread = 0.7555;

    private const double ClipSigmas = 4;

    // Below these the test's score stays under 0.3 (ratio 0.655), which only an episode's quiet count reads as
    // "quiet", so the exact score (two roots and a logarithm) is skipped: a squared-level and a spread-ratio
    // comparison decide it, a few multiplications per sample.
    private const double GateRatio = 0.6;

    // A sample teaches the difference's spread at most this share of the limit (winsorised).
    private const double LearnRatio = 0.5;

    private readonly ShiftOptions _options;
    private readonly DetectionRule _rule;
    private readonly double _shortAlpha;
    private readonly double _longAlpha;
    private readonly LearningRate _shortRate;
    private readonly LearningRate _longRate;
    private readonly LearningRate _historyRate;
    private readonly double _meanError;
    private readonly double _gateLevelSquare;
    private readonly double _learnLevelSquare;
    private readonly double _gateSpreadRatio;
    private readonly int _blockSamples;
    private readonly double _inverseBlock;
    private readonly int _warmupBlocks;
    private readonly int _settleBlocks;
    private double _blockSum;
    private int _blockCount;
    private long _count;
    private double _shortMean;
    private double _longMean;
    private bool _deseasonalised;
    private double _longMad;
    private double _longSquare;
    private double _differenceVariance;
    private double _previous;
    private double _shortStep;
    private double _longStep;
    private double _longStepSquare;
    private int _settleLeft;

    /// <param name="rule"><see cref="DetectionRule.LevelShift"/> (short horizons) or <see cref="DetectionRule.Drift"/> (long horizons).</param>
    public ShiftDetector(ShiftOptions options, DetectionRule rule)
    {
        options.ThrowIfInvalid(rule.ToString());
        _options = options;
        _rule = rule;
        // Horizons count blocks (of BlockSamples samples each).
        _blockSamples = options.BlockSamples;
        _inverseBlock = 1.0 / options.BlockSamples;
        _shortAlpha = (double)options.BlockSamples / options.ShortSamples;
        _longAlpha = (double)options.BlockSamples / options.LongSamples;
        _warmupBlocks = options.WarmupSamples / options.BlockSamples;
        _settleBlocks = 3 * options.ShortSamples / options.BlockSamples;
        _shortRate = new LearningRate(_shortAlpha);
        _longRate = new LearningRate(_longAlpha);
        _historyRate = new LearningRate(_longAlpha / 4);
        _meanError = Math.Sqrt(_shortAlpha / (2 - _shortAlpha));
        _gateLevelSquare = GateRatio * GateRatio * options.K * options.K;
        _learnLevelSquare = LearnRatio * LearnRatio * options.K * options.K;

        // The spread's ratio is smallest for the lightest tail (relative spread ≥ the Gaussian's).
        _gateSpreadRatio = Math.Exp(GateRatio * MadRelativeSpread * _meanError * options.VarianceK);
    }

    public override DetectionRule Rule => _rule;

    public override Finding Observe(long timestampMs, double value) => Observe(timestampMs, value, double.NaN);

    /// <summary>
    /// Scores one sample; <paramref name="seasonalOffset"/> is this phase's deviation from the day's mean level
    /// (<see cref="SeasonalDetector.SeasonalOffset"/>), NaN while no profile is learnt. The first learnt offset
    /// restarts the test on the deseasonalised series (its reference and spreads were learnt with the cycle in them).
    /// </summary>
    public Finding Observe(long timestampMs, double value, double seasonalOffset)
    {
        if (_options.SeasonalResidual && !double.IsNaN(seasonalOffset))
        {
            if (!_deseasonalised)
            {
                Reset();
                _deseasonalised = true;
            }

            value -= seasonalOffset;
        }

        if (_blockSamples > 1)
        {
            // A slow change is seen as well in means of a few samples: the test runs once per block.
            _blockSum += value;
            if (++_blockCount < _blockSamples)
            {
                return Finding.Quiet(_rule, timestampMs, value);
            }

            value = _blockSum * _inverseBlock;
            _blockSum = 0;
            _blockCount = 0;
        }

        if (_count == 0)
        {
            _shortMean = value;
            _longMean = value;
            _previous = value;
        }

        bool warm = _count >= _warmupBlocks;
        double shortAlpha = _shortRate.For(_count + 1);
        double longAlpha = _longRate.For(_count + 1);
        double deviation = value - _longMean;

        // σ ≥ both its cheap parts, so a deviation within ClipSigmas of them is not clipped: the root in Sigma() is
        // taken only for the rare sample beyond (the clamp below gives the same value either way).
        // MaxNative/MinNative: one instruction (Math.Max orders NaN and ±0 in three); here and below the operands are
        // finite spreads and levels, never −0.
        double clip = !warm ? double.PositiveInfinity
            : Math.Abs(deviation) <= ClipSigmas * double.MaxNative(_longMad * MadToSigma, _options.MinSpread) ? Math.Abs(deviation)
            : ClipSigmas * Sigma();
        double stepClip = warm ? ClipSigmas * _longStep * MadToSigma : double.PositiveInfinity;
        double step = double.MinNative(Math.Abs(value - _previous), stepClip);
        _previous = value;
        double clipped = Math.Clamp(deviation, -clip, clip);
        _shortMean += shortAlpha * (_longMean + clipped - _shortMean);
        _shortStep += shortAlpha * (step - _shortStep);
        _count++;

        Finding finding = Finding.Quiet(_rule, timestampMs, value);
        if (_settleLeft > 0)
        {
            // After a change the recent mean is still moving to the new level: follow it, do not judge.
            _settleLeft--;
            _longMean = _shortMean;
            return finding;
        }

        double difference = _shortMean - _longMean;
        double levelVariance = warm ? LevelVariance() : 0;
        if (warm && !Quiet(difference, levelVariance))
        {
            finding = Score(timestampMs);
        }

        if (finding.IsAnomaly)
        {
            // Change confirmed: the new level (or spread) is the reference once the recent mean has settled.
            _longMean = _shortMean;
            _settleLeft = _settleBlocks;
            if (finding.Rule == DetectionRule.VarianceShift)
            {
                _longStep = _shortStep;
                _longStepSquare = _shortStep * _shortStep * (1 + (MadRelativeSpread * MadRelativeSpread));
                double ratio = finding.Value / finding.ExpectedLow;
                _longMad *= ratio;
                _longSquare = _longMad * _longMad * MadToSigma * MadToSigma;

                // The horizons' difference spreads with the noise (AR wander included).
                _differenceVariance *= ratio * ratio;
            }

            return finding;
        }

        // How far the two horizons part on this series when nothing happens, learnt in control: past half the limit
        // the difference is evidence of a change, not noise, and counts as half the limit (a slow drift spends
        // hundreds of samples there and otherwise widened the spread as fast as it grew: under AR(1) noise none was
        // found). Winsorised rather than dropped, so a spread learnt too small still grows to the truth.
        double learnt = warm ? double.MinNative(difference * difference, _learnLevelSquare * levelVariance) : difference * difference;
        double historyAlpha = _historyRate.For(_count);
        _differenceVariance += historyAlpha * (learnt - _differenceVariance);

        // The reference and the noise scale learn from the clipped input too: a dropout to 0 or a burst of spikes
        // must not drag the level or widen σ for the next thousand samples.
        _longMean += longAlpha * clipped;
        _longMad += longAlpha * (Math.Abs(clipped) - _longMad);
        _longSquare += longAlpha * ((clipped * clipped) - _longSquare);
        _longStep += longAlpha * (step - _longStep);
        _longStepSquare += longAlpha * ((step * step) - _longStepSquare);
        return finding;
    }

    public override void Save(ref CheckpointWriter writer)
    {
        writer.Write(_count);
        writer.Write(_shortMean);
        writer.Write(_longMean);
        writer.Write(_longMad);
        writer.Write(_longSquare);
        writer.Write(_differenceVariance);
        writer.Write(_previous);
        writer.Write(_shortStep);
        writer.Write(_longStep);
        writer.Write(_longStepSquare);
        writer.Write(_settleLeft);
        writer.Write(_deseasonalised);
        writer.Write(_blockSum);
        writer.Write(_blockCount);
    }

    public override void Load(ref CheckpointReader reader)
    {
        _count = reader.ReadInt64();
        _shortMean = reader.ReadDouble();
        _longMean = reader.ReadDouble();
        _longMad = reader.ReadDouble();
        _longSquare = reader.ReadDouble();
        _differenceVariance = reader.ReadDouble();
        _previous = reader.ReadDouble();
        _shortStep = reader.ReadDouble();
        _longStep = reader.ReadDouble();
        _longStepSquare = reader.ReadDouble();
        _settleLeft = reader.ReadInt32(0, int.MaxValue, "shift settle samples");
        _deseasonalised = reader.ReadBool();
        _blockSum = reader.ReadDouble();
        _blockCount = reader.ReadInt32(0, _blockSamples, "shift block fill");
    }

    public override void Reset()
    {
        _count = 0;
        _shortMean = 0;
        _longMean = 0;
        _deseasonalised = false;
        _longMad = 0;
        _longSquare = 0;
        _differenceVariance = 0;
        _previous = 0;
        _shortStep = 0;
        _longStep = 0;
        _longStepSquare = 0;
        _settleLeft = 0;
        _blockSum = 0;
        _blockCount = 0;
    }

    // The level test's squared standard error: the learnt spread of the difference, at least the white-noise one.
    private double LevelVariance()
    {
        double madSigma = _longMad * MadToSigma;
        double variance = double.MaxNative(double.MaxNative(madSigma * madSigma, _longSquare), _options.MinSpread * _options.MinSpread);
        return double.MaxNative(variance * _meanError * _meanError, _differenceVariance);
    }

    // True when neither the level nor the spread ratio can reach GateRatio (their scores stay below 0.3).
    private bool Quiet(double difference, double levelVariance)
    {
        bool levelQuiet = difference * difference < _gateLevelSquare * levelVariance;
        bool spreadQuiet = !_options.Variance || !(_shortStep > _longStep * _gateSpreadRatio);
        return levelQuiet && spreadQuiet && levelVariance > 0;
    }

    // σ from the mean absolute deviation, or the standard deviation when heavier tails make it larger.
    private double Sigma() => Math.Max(Math.Max(_longMad * MadToSigma, Math.Sqrt(_longSquare)), _options.MinSpread);

    private Finding Score(long timestampMs)
    {
        double sigma = Sigma();
        if (sigma <= 0)
        {
            return Finding.Quiet(_rule, timestampMs, _shortMean);
        }

        double levelError = Math.Max(sigma * _meanError, Math.Sqrt(_differenceVariance));
        double levelRatio = Math.Abs(_shortMean - _longMean) / (levelError * _options.K);
        double spreadRatio = 0;
        if (_options.Variance && _shortStep > 0 && _longStep > 0)
        {
            // The relative spread of one step, learnt (Gaussian √(π/2 − 1); heavier tails more).
            double relativeSpread = Math.Max(MadRelativeSpread, Math.Sqrt(Math.Max(0, (_longStepSquare / (_longStep * _longStep)) - 1)));
            spreadRatio = Math.Log(_shortStep / _longStep) / (relativeSpread * _meanError * _options.VarianceK);
        }

        if (spreadRatio > levelRatio)
        {
            // Noise σ before and now (first differences of white noise have √2 σ).
            double before = _longStep * MadToSigma / Math.Sqrt(2);
            double now = _shortStep * MadToSigma / Math.Sqrt(2);
            return new Finding(DetectionRule.VarianceShift, timestampMs, now, before, before, ScoreMap.FromRatio(spreadRatio));
        }

        // Value: the recent level; band: the reference level ± the limit, so the reference is its midpoint.
        double band = levelError * _options.K;
        return new Finding(_rule, timestampMs, _shortMean, _longMean - band, _longMean + band, ScoreMap.FromRatio(levelRatio));
    }
}
