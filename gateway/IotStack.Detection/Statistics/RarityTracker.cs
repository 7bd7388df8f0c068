namespace IotStack.Detection.Statistics;

/// <summary>
/// How rare a rule's score is in this series' own history: a fixed log-odds histogram of past scores with
/// exponential forgetting gives the tail probability P(past score ≥ this score). A threshold on that
/// probability means the same on a quiet sensor and a noisy one, which a threshold on σ-distance does not.
/// </summary>
internal sealed class RarityTracker
{
    private const double Prior = 1;

    private readonly float[] _counts;
    private readonly double _binsPerUnit;
    private readonly double _growth;
    private readonly int _minSamples;
    private double _weight = 1;
    private double _total;
    private int _samples;
    private double _maxLogOdds = double.NegativeInfinity;

    /// <param name="bins">Histogram bins over log-odds of the score, centred on score 0.5.</param>
    /// <param name="binsPerUnit">Bins per unit of natural log-odds.</param>
    /// <param name="halfLifeSamples">Samples after which a past score counts half.</param>
    /// <param name="minSamples">Samples before probabilities below 1 are reported.</param>
    public RarityTracker(int bins, double binsPerUnit, double halfLifeSamples, int minSamples)
    {
        _counts = new float[bins];
        _binsPerUnit = binsPerUnit;
        _growth = Math.Pow(2, 1 / halfLifeSamples);
        _minSamples = minSamples;
    }

    /// <summary>Tail probability of <paramref name="score"/> among past scores (1 while warming up), then learns it.</summary>
    public double Observe(double score)
    {
        double logOdds = LogOdds(score);
        int bin = Bin(logOdds);
        double p = 1;
        if (_samples >= _minSamples)
        {
            double tail = 0.5 * _counts[bin];
            for (int i = bin + 1; i < _counts.Length; i++)
            {
                tail += _counts[i];
            }

            p = (tail + (Prior * _weight)) / (_total + (Prior * _weight));
            if (logOdds > _maxLogOdds)
            {
                // Beyond every past score the histogram has nothing to count: extrapolate a power-law tail,
                // P ∝ ratio⁻² (log-odds of ScoreMap are 2·ln ratio), so a record by a wide margin is rarer still.
                p *= Math.Exp(-Math.Min(logOdds - _maxLogOdds, 50));
            }
        }

        _maxLogOdds = Math.Max(_maxLogOdds, logOdds);

        // Forgetting without touching every bin: new samples weigh more, rescale all now and then.
        _counts[bin] += (float)_weight;
        _total += _weight;
        _weight *= _growth;
        if (_weight > 1e20)
        {
            for (int i = 0; i < _counts.Length; i++)
            {
                _counts[i] = (float)(_counts[i] / _weight);
            }

            _total /= _weight;
            _weight = 1;
        }

        _samples++;
        return Math.Min(1, p);
    }

    public void Reset()
    {
        Array.Clear(_counts);
        _weight = 1;
        _total = 0;
        _samples = 0;
        _maxLogOdds = double.NegativeInfinity;
    }

    private static double LogOdds(double score) =>
        score <= 0 ? double.NegativeInfinity : score >= 1 ? 100 : Math.Log(score / (1 - score));

    private int Bin(double logOdds)
    {
        if (double.IsNegativeInfinity(logOdds))
        {
            return 0;
        }

        int bin = (int)Math.Floor((logOdds * _binsPerUnit) + (_counts.Length / 2.0));
        return Math.Clamp(bin, 1, _counts.Length - 1);
    }
}
