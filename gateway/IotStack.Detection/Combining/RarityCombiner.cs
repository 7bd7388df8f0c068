using System.Numerics;
using IotStack.Detection.Checkpoints;
using IotStack.Detection.Detectors;
using IotStack.Detection.Options;
using IotStack.Detection.Statistics;

namespace IotStack.Detection.Combining;

/// <summary>
/// Turns the statistical rules' own scores into one score by how rare each is in this series' history: a
/// <see cref="RarityTracker"/> per rule gives P(past score ≥ now), optionally the least rare of the rule's last
/// <see cref="RarityOptions.PersistSamples"/> (one rule must find several samples in a row rare), and the rarest
/// rule, Bonferroni-corrected (P × rules), sets the score: P = AlertProbability → 0.5, its square → 1. A threshold
/// on rarity then means the same on a quiet sensor and on a noisy one. When the seasonal rule explains most of the
/// variance only it speaks; young series (too short for rarity) speak by each rule's own margin.
/// Fixed memory (trackers and the persistence rows are sized here), 0 B per sample.
/// </summary>
internal sealed class RarityCombiner
{
    private readonly SeriesDetector[] _rules;
    private readonly DefaultRules? _defaultRules;
    private readonly Finding[] _findings;
    private readonly double[] _scores;
    private readonly int _seasonalIndex;
    private readonly RarityTracker[] _rarity;
    private readonly DecayClock _clock;
    private readonly double[]? _recentProbability;
    private readonly int _persistSamples;
    private int _persistNext;
    private readonly double _minRuleScore;
    private readonly double _alertLogProbability;
    private readonly bool _sumEvidence;
    private readonly SustainedEvidence? _sustained;
    private readonly SeasonalDetector? _seasonal;
    private readonly double _seasonalDominance;
    private readonly int _youngSamples;
    private readonly int _youngFromSamples;
    private readonly double _youngRatio;
    private readonly bool _loneScores;
    private int _samplesSeen;

    /// <param name="loneScores">Also compute, per sample, the score without persistence (for lone-sample warnings).</param>
    public RarityCombiner(RarityOptions rarity, SeriesDetector[] rules, bool loneScores)
    {
        ArgumentNullException.ThrowIfNull(rarity);
        ArgumentNullException.ThrowIfNull(rules);
        _rules = rules;
        _defaultRules = DefaultRules.Match(rules);
        _findings = new Finding[rules.Length];
        _scores = new double[rules.Length];
        // Every tracker learns one score per sample with the same half-life: one forgetting clock for all of them.
        _clock = new DecayClock(rarity.HalfLifeSamples);
        _rarity = new RarityTracker[rules.Length];
        for (int i = 0; i < _rarity.Length; i++)
        {
            _rarity[i] = new RarityTracker(rarity.Bins, rarity.BinsPerUnit, rarity.HalfLifeSamples, rarity.MinSamples, rarity.TailExponent, rarity.TailSamples, lowestAsked: rarity.MinRuleScore, clock: _clock);
        }

        _persistSamples = rarity.PersistSamples;
        if (_persistSamples > 1)
        {
            // One row of the last PersistSamples tail probabilities per rule.
            _recentProbability = new double[rules.Length * _persistSamples];
            Array.Fill(_recentProbability, 1.0);
        }

        _minRuleScore = rarity.MinRuleScore;
        _alertLogProbability = -Math.Log(rarity.AlertProbability);
        _sumEvidence = rarity.SumEvidence;
        _sustained = rarity.SustainedZ > 0 ? new SustainedEvidence(rarity) : null;
        _seasonalIndex = Array.FindIndex(rules, d => d is SeasonalDetector);
        _seasonal = _seasonalIndex >= 0 ? (SeasonalDetector)rules[_seasonalIndex] : null;
        _seasonalDominance = rarity.SeasonalDominance;
        _youngSamples = rarity.YoungSamples;
        _youngFromSamples = rarity.YoungFromSamples;
        _youngRatio = rarity.YoungRatio;
        _loneScores = loneScores && _recentProbability is not null;
    }

    /// <summary>Runs every rule on the sample and combines their scores; <paramref name="finding"/> (what is reported when no rule speaks) becomes the deciding rule's finding.</summary>
    public StatisticalScore Observe(long timestampMs, double value, ref Finding finding)
    {
        SeriesDetector[] rules = _rules;
        RarityTracker[] rarity = _rarity;
        Finding[] findings = _findings;
        double[] scores = _scores;
        SeasonalDetector? seasonal = _seasonal;
        bool seasonalOnly = seasonal is not null && seasonal.Explains(_seasonalDominance);
        bool young = _samplesSeen < _youngSamples && _samplesSeen >= _youngFromSamples;

        // The rules first, then the combining without calls: every double the combining keeps would otherwise be
        // saved and reloaded around each rule's call (no vector register survives a call on x64 Linux). Only a
        // finding that can decide (a score that is asked about, or a young series') is kept: copied whole, it reads
        // the 48 bytes the rule has just stored as wider vector loads, which wait for the stores to retire (a store
        // forwarding stall per rule and sample). The default's rules are called directly and build no finding
        // unless it is kept (DefaultRules); any other set through one virtual call per rule.
        int copied = _defaultRules is { } defaultRules
            ? defaultRules.Observe(timestampMs, value, scores, findings, _minRuleScore, young)
            : ObserveRules(timestampMs, value, young);

        double rawMax = 0;
        double rawSecond = 0;
        double minProbability = 1;
        double minLoneProbability = 1;
        double evidence = 0;
        int rarest = -1;
        double youngScore = 0;
        int youngFinding = -1;
        for (int i = 0; i < scores.Length && i < rarity.Length; i++)
        {
            double ruleScore = scores[i];
            scores[i] = 0;
            double probability = ruleScore >= _minRuleScore ? rarity[i].Observe(ruleScore) : Learn(rarity[i], ruleScore);
            double p = Persisted(i, probability);
            bool speaks = !seasonalOnly || i == _seasonalIndex;
            if (speaks)
            {
                // The two largest so far, without branching on which is larger (random for quiet rules: a
                // mispredicted branch per sample or two). Scores are finite and ≥ 0, so this is the same pair.
                // MaxNative/MinNative: one instruction (Math.Max orders NaN and ±0 in three); scores and
                // probabilities are finite and ≥ +0.
                rawSecond = double.MaxNative(rawSecond, double.MinNative(rawMax, ruleScore));
                rawMax = double.MaxNative(rawMax, ruleScore);
            }

            if (young && speaks)
            {
                double own = YoungScore(ruleScore);
                if (own > youngScore)
                {
                    youngScore = own;
                    youngFinding = i;
                }
            }

            if (ruleScore >= _minRuleScore && speaks)
            {
                minLoneProbability = double.MinNative(minLoneProbability, probability);
                evidence -= _sumEvidence ? Math.Log(p) : 0;
                if (p < minProbability)
                {
                    minProbability = p;
                    rarest = i;
                }
            }
        }

        _clock.Tick();
        double score = _sumEvidence
            ? Math.Min(1, evidence / (2 * _alertLogProbability))
            : RarityScore(minProbability * rules.Length);
        if (_sustained is { } sustained)
        {
            score = Math.Max(score, sustained.Observe(-Math.Log(Math.Min(1, minProbability * rules.Length))));
        }

        if (_recentProbability is not null)
        {
            _persistNext = _persistNext + 1 == _persistSamples ? 0 : _persistNext + 1;
        }

        int decided = rarest;
        double loneScore = _loneScores ? RarityScore(minLoneProbability * rules.Length) : 0;
        if (youngScore > score)
        {
            score = youngScore;
            decided = youngFinding;
        }

        _samplesSeen++;
        if (decided >= 0)
        {
            finding = findings[decided];
        }

        // Scratch, not state: left empty (the scores as they are read, the findings copied this sample one by one), so
        // a series' state is only what it learnt (a checkpoint restores all of it).
        for (; copied != 0; copied &= copied - 1)
        {
            findings[BitOperations.TrailingZeroCount(copied)] = default;
        }

        return new StatisticalScore(score, rawMax, rawSecond, loneScore);
    }

    /// <summary>Forgets the rarity history (the rules themselves are reset by their owner).</summary>
    public void Reset()
    {
        foreach (RarityTracker tracker in _rarity)
        {
            tracker.Reset();
        }

        _clock.Reset();

        if (_recentProbability is not null)
        {
            Array.Fill(_recentProbability, 1.0);
        }

        _persistNext = 0;
        _samplesSeen = 0;
        _sustained?.Reset();
    }

    public void Save(ref CheckpointWriter writer)
    {
        // The rules themselves are saved by their owner (the set), like Reset; the trackers' shared clock here, once.
        _clock.Save(ref writer);
        foreach (RarityTracker tracker in _rarity)
        {
            tracker.Save(ref writer);
        }

        if (_recentProbability is not null)
        {
            writer.Write(_recentProbability);
        }

        writer.Write(_persistNext);
        _sustained?.Save(ref writer);
        writer.Write(_samplesSeen);
    }

    public void Load(ref CheckpointReader reader)
    {
        _clock.Load(ref reader);
        foreach (RarityTracker tracker in _rarity)
        {
            tracker.Load(ref reader);
        }

        if (_recentProbability is not null)
        {
            reader.Read(_recentProbability);
        }

        _persistNext = reader.ReadInt32(0, Math.Max(0, _persistSamples - 1), "persistence position");
        _sustained?.Load(ref reader);
        _samplesSeen = reader.ReadInt32(0, int.MaxValue, "samples seen");
    }

    // Any rule set: one virtual call per rule. Returns the mask of the findings copied.
    private int ObserveRules(long timestampMs, double value, bool young)
    {
        SeriesDetector[] rules = _rules;
        Finding[] findings = _findings;
        double[] scores = _scores;
        int copied = 0;
        for (int i = 0; i < rules.Length && i < findings.Length && i < scores.Length; i++)
        {
            Finding ruleFinding = rules[i].Observe(timestampMs, value);
            double ruleScore = scores[i] = ruleFinding.Score;
            if (ruleScore >= _minRuleScore || young)
            {
                findings[i] = ruleFinding;
                copied |= 1 << i;
            }
        }

        return copied;
    }

    // A score below MinRuleScore is never evidence: it is learnt, and counts as "not rare" for persistence.
    private static double Learn(RarityTracker tracker, double score)
    {
        tracker.Learn(score);
        return 1;
    }

    // The least rare of this rule's last PersistSamples probabilities (this one included).
    private double Persisted(int rule, double probability)
    {
        if (_recentProbability is not { } recent)
        {
            return probability;
        }

        int row = rule * _persistSamples;
        recent[row + _persistNext] = probability;
        if (probability >= 1)
        {
            // Nothing is above 1 (the quiet rule, most samples): the row cannot change the answer.
            return probability;
        }

        double leastRare = probability;
        for (int k = 0; k < _persistSamples; k++)
        {
            leastRare = double.MaxNative(leastRare, recent[row + k]);
        }

        return leastRare;
    }

    // A rule's own score re-mapped so that YoungRatio times its limit is 0.5 (ScoreMap: score = r² / (1 + r²)).
    private double YoungScore(double ruleScore)
    {
        if (ruleScore <= 0)
        {
            return 0;
        }

        if (ruleScore >= 1)
        {
            return 1;
        }

        return ScoreMap.FromRatio(Math.Sqrt(ruleScore / (1 - ruleScore)) / _youngRatio);
    }

    // p = AlertProbability → 0.5, p = AlertProbability² → 1.
    private double RarityScore(double probability) =>
        probability >= 1 ? 0 : Math.Min(1, -Math.Log(probability) / (2 * _alertLogProbability));
}
