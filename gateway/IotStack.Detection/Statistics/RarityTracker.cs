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
        int bin = Bin(score);
        double p = 1;
        if (_samples >= _minSamples)
        {
            double tail = 0.5 * _counts[bin];
            for (int i = bin + 1; i < _counts.Length; i++)
            {
                tail += _counts[i];
            }

            p = (tail + (Prior * _weight)) / (_total + (Prior * _weight));
        }

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
    }

    private int Bin(double score)
    {
        if (score <= 0)
        {
            return 0;
        }

        if (score >= 1)
        {
            return _counts.Length - 1;
        }

        double logOdds = Math.Log(score / (1 - score));
        int bin = (int)Math.Floor((logOdds * _binsPerUnit) + (_counts.Length / 2.0));
        return Math.Clamp(bin, 1, _counts.Length - 1);
    }
}
