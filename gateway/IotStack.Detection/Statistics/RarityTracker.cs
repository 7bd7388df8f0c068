using System.Diagnostics;
using IotStack.Detection.Checkpoints;

namespace IotStack.Detection.Statistics;

/// <summary>
/// How rare a rule's score is in this series' own history: a fixed log-odds histogram of past scores with
/// exponential forgetting gives the tail probability P(past score ≥ this score). A threshold on that
/// probability means the same on a quiet sensor and a noisy one, which a threshold on σ-distance does not.
/// </summary>
internal sealed class RarityTracker
{
    private const double Prior = 1;

    private readonly DecayingHistogram _counts;
    private readonly LogOddsBins _logOddsBins;
    private readonly double _binsPerUnit;
    private readonly int _minSamples;
    private readonly double _tailExponent;
    private readonly double _tailSamples;
    private readonly double _lumpBelow;
    private int _samples;

    // The last bin computed: a score that moves slowly (the likelihood's) is usually in it again.
    private int _lastBin = 1;

    /// <param name="bins">Histogram bins over log-odds of the score, centred on score 0.5.</param>
    /// <param name="binsPerUnit">Bins per unit of natural log-odds.</param>
    /// <param name="halfLifeSamples">Samples after which a past score counts half.</param>
    /// <param name="minSamples">Samples before probabilities below 1 are reported.</param>
    /// <param name="tailExponent">Multiplies the fitted decay rate of the tail beyond the top scores (1 = as fitted).</param>
    /// <param name="tailSamples">How many of the highest past scores the tail is fitted to.</param>
    /// <param name="lowestAsked">
    /// The lowest score ever asked about (<see cref="Observe"/>); 0 = any. With the counted tail (no Hill fit) a
    /// tail probability reads only the bins from that score's up and the total, so a lower score learnt needs no
    /// bin of its own: it is counted in bin 0, which no query reads, and its bin is not computed.
    /// </param>
    /// <param name="clock">
    /// A clock shared with other trackers that each learn one score per step (its owner ticks it once per step, after
    /// all of them); null = the tracker's own, with <paramref name="halfLifeSamples"/>.
    /// </param>
    public RarityTracker(int bins, double binsPerUnit, double halfLifeSamples, int minSamples, double tailExponent = 1, double tailSamples = 10, double lowestAsked = 0, DecayClock? clock = null)
    {
        _tailSamples = tailSamples;
        _tailExponent = tailExponent;
        _counts = clock is null ? new DecayingHistogram(bins, halfLifeSamples) : new DecayingHistogram(bins, clock);
        _logOddsBins = LogOddsBins.For(bins, binsPerUnit);
        _lumpBelow = tailExponent <= 0 ? _logOddsBins.FirstScore(_logOddsBins.Bin(lowestAsked)) : 0;
        _binsPerUnit = binsPerUnit;
        _minSamples = minSamples;
    }

    /// <summary>Tail probability of <paramref name="score"/> among past scores (1 while warming up), then learns it.</summary>
    public double Observe(double score)
    {
        Debug.Assert(!(score < _lumpBelow), "scores below the lowest asked are only learnt");
        int bin = _lastBin = _logOddsBins.Bin(score, _lastBin);
        double p = 1;
        if (_samples >= _minSamples)
        {
            p = TailProbability(bin, score);
        }

        _counts.Add(bin);
        _samples++;
        // MinNative: one instruction (Math.Min orders NaN and ±0 in three); p is finite and > 0.
        return double.MinNative(1, p);
    }

    /// <summary>Learns <paramref name="score"/> without asking how rare it is (most samples: the rule is quiet).</summary>
    public void Learn(double score)
    {
        if (score < _lumpBelow)
        {
            // Lumped into bin 0, which no query reads: only the total needs it.
            _counts.AddToTotal();
        }
        else
        {
            _counts.Add(_lastBin = _logOddsBins.Bin(score, _lastBin));
        }

        _samples++;
    }

    public void Save(ref CheckpointWriter writer)
    {
        _counts.Save(ref writer);
        writer.Write(_samples);
        writer.Write(_lastBin);
    }

    public void Load(ref CheckpointReader reader)
    {
        _counts.Load(ref reader);
        _samples = reader.ReadInt32(0, int.MaxValue, "rarity samples");
        _lastBin = reader.ReadInt32(0, _counts.Bins - 1, "rarity bin hint");
    }

    public void Reset()
    {
        _counts.Reset();
        _samples = 0;
    }

    /// <summary>
    /// The counted tail (with a prior of one sample, so a record is about 1/n). With a tail exponent above 0,
    /// scores beyond the top <c>TailSamples</c> past scores instead get an exponential tail in log-odds fitted to
    /// those (Hill 1975, "A simple general approach to inference about the tail of a distribution"), so a record
    /// is rare in proportion to its margin. Monotone either way: a higher score is never less rare.
    /// </summary>
    private double TailProbability(int bin, double score)
    {
        double prior = Prior * _counts.Weight;
        if (_tailExponent <= 0)
        {
            return (CountedTail(bin) + prior) / (_counts.Total + prior);
        }

        double wanted = _tailSamples * (_counts.Total / _samples);
        int top = _counts.Bins - 1;

        // Reference bin: the highest bin with at least TailSamples (weighted) scores at or above it.
        double referenceTail = 0;
        int reference = top;
        for (; reference > 0; reference--)
        {
            referenceTail += _counts[reference];
            if (referenceTail >= wanted)
            {
                break;
            }
        }

        if (bin <= reference)
        {
            return (CountedTail(bin) + prior) / (_counts.Total + prior);
        }

        // Above the reference: mean excess of the top scores over it gives the tail's decay rate.
        double referenceLogOdds = BinLogOdds(reference);
        double excess = 0;
        for (int i = reference; i <= top; i++)
        {
            excess += _counts[i] * (BinLogOdds(i) + (0.5 / _binsPerUnit) - referenceLogOdds);
        }

        double meanExcess = Math.Max(excess / Math.Max(referenceTail, double.Epsilon), 0.5 / _binsPerUnit);
        double rate = Math.Clamp(_tailExponent / meanExcess, 0.2, 20);
        return (referenceTail + prior) / (_counts.Total + prior) * Math.Exp(-Math.Min(rate * (LogOdds(score) - referenceLogOdds), 200));
    }

    // Within the counted bulk: past scores above this bin, half of its own.
    private double CountedTail(int bin) => (0.5 * _counts[bin]) + _counts.SumAbove(bin);

    private double BinLogOdds(int bin) => (bin - (_counts.Bins / 2.0)) / _binsPerUnit;

    private static double LogOdds(double score) =>
        score <= 0 ? double.NegativeInfinity : score >= 1 ? 100 : Math.Log(score / (1 - score));
}
