using System.Diagnostics;
using IotStack.Detection.Checkpoints;
using IotStack.Detection.Options;

namespace IotStack.Detection.Statistics;

/// <summary>
/// Streaming anomaly likelihood: a short moving average of raw scores in [0, 1], compared with an exponentially
/// weighted Gaussian fit of the same averages over the long run (Ahmad et al. 2017, §3.3, with an EW fit in
/// place of a sliding 8,640-sample window so memory stays fixed and small). Output is a score in [0, 1]:
/// −log10 of the upper tail probability over <see cref="LikelihoodOptions.Decades"/>, optionally capped by how
/// rare that score is in the series' own history (<see cref="LikelihoodOptions.RarityAlertProbability"/>).
/// </summary>
internal sealed class AnomalyLikelihood
{
    private const double GateFrom = 0.3;

    private readonly double[] _recent;
    private readonly LearningRate _rate;
    private readonly int _minSamples;
    private readonly double _minSigma;
    private readonly double _scale;
    private int _next;
    private int _filled;
    private double _sum;
    private ExponentialMoments _moments;
    private int _samples;
    private readonly RarityTracker? _rarity;
    private readonly double _rarityLogProbability;

    public AnomalyLikelihood(LikelihoodOptions options)
    {
        _recent = new double[options.ShortWindow];
        _rate = new LearningRate(1 - Math.Pow(0.5, 1 / options.HalfLifeSamples));
        _minSamples = options.MinSamples;
        _minSigma = options.MinSigma;
        _scale = 1 / (options.Decades * Math.Log(10));
        if (options.RarityAlertProbability > 0)
        {
            _rarity = new RarityTracker(bins: 64, binsPerUnit: 4, options.HalfLifeSamples, options.MinSamples, tailExponent: 1, tailSamples: 10);
            _rarityLogProbability = -Math.Log(options.RarityAlertProbability);
        }
    }

    /// <summary>Scores the newest raw score (0 while warming up), then learns it.</summary>
    public double Observe(double raw)
    {
        Debug.Assert(raw is >= 0 and <= 1, "raw scores are in [0, 1]");
        // On locals: the average's division waited for the sum and count to be stored and read back.
        double sum = _sum += raw - _recent[_next];
        _recent[_next] = raw;
        _next = _next + 1 == _recent.Length ? 0 : _next + 1;
        int filled = _filled = Math.Min(_filled + 1, _recent.Length);
        // MaxNative: one instruction (Math.Max orders NaN and ±0 in three); raw scores are ≥ +0, so the sum is never
        // −0, and spreads are finite.
        double average = double.MaxNative(0, sum / filled);

        double score = 0;
        if (_samples >= _minSamples)
        {
            double z = (average - _moments.Mean) / double.MaxNative(Math.Sqrt(_moments.Variance), _minSigma);
            score = Math.Clamp(-GaussianTail.LogUpper(z) * _scale, 0, 1);
        }

        double alpha = _rate.For(_samples + 1);
        _moments.Add(average, alpha);
        _samples++;
        return _rarity is null ? score : RateGated(_rarity, score);
    }

    // min(score, its rarity score): P = RarityAlertProbability → 0.5, its square → 1. Scores that cannot alert
    // are only learnt (most samples), which saves the tail sum.
    private double RateGated(RarityTracker rarity, double score)
    {
        if (score < GateFrom)
        {
            rarity.Learn(score);
            return score;
        }

        double p = rarity.Observe(score);
        double rarityScore = p >= 1 ? 0 : Math.Min(1, -Math.Log(p) / (2 * _rarityLogProbability));
        return Math.Min(score, rarityScore);
    }

    public void Save(ref CheckpointWriter writer)
    {
        writer.Write(_recent);
        writer.Write(_next);
        writer.Write(_filled);
        writer.Write(_sum);
        _moments.Save(ref writer);
        writer.Write(_samples);
        _rarity?.Save(ref writer);
    }

    public void Load(ref CheckpointReader reader)
    {
        reader.Read(_recent);
        _next = reader.ReadInt32(0, _recent.Length - 1, "likelihood position");
        _filled = reader.ReadInt32(0, _recent.Length, "likelihood fill");
        _sum = reader.ReadDouble();
        _moments.Load(ref reader);
        _samples = reader.ReadInt32(0, int.MaxValue, "likelihood samples");
        _rarity?.Load(ref reader);
    }

    public void Reset()
    {
        Array.Clear(_recent);
        _next = 0;
        _filled = 0;
        _sum = 0;
        _moments = default;
        _samples = 0;
        _rarity?.Reset();
    }
}
