using IotStack.Detection.Checkpoints;

namespace IotStack.Detection.Statistics;

/// <summary>
/// A value beyond everything the series has shown, by a margin measured in units of the range seen so far
/// (the "spatial tolerance" idea of Numenta's NAB detector, Ahmad et al. 2017): scored by how far past the
/// margin it lies, so a record by a hair scores nothing and a jump to a new level scores high. The range
/// forgets slowly towards the recent values, so a one-off excursion long ago does not mute the rule forever.
/// Fixed memory: four doubles and a counter.
/// </summary>
internal sealed class RangeMargin
{
    private readonly double _tolerance;
    private readonly int _minSamples;
    private readonly double _shrink;
    private double _low;
    private double _high;
    private int _samples;

    /// <param name="tolerance">Margin beyond the seen range, as a fraction of that range, that maps to score 0.5.</param>
    /// <param name="minSamples">Samples before the rule can score.</param>
    /// <param name="halfLifeSamples">Samples after which the range's excess over the current value halves (0 = never forgets).</param>
    public RangeMargin(double tolerance, int minSamples, double halfLifeSamples)
    {
        _tolerance = tolerance;
        _minSamples = minSamples;
        _shrink = halfLifeSamples > 0 ? 1 - Math.Pow(0.5, 1 / halfLifeSamples) : 0;
    }

    public double Low => _low;

    public double High => _high;

    /// <summary>Scores <paramref name="value"/> against the range seen so far (0 while warming up), then learns it.</summary>
    public double Observe(double value)
    {
        double score = 0;
        if (_samples == 0)
        {
            _low = value;
            _high = value;
        }
        else if (_samples >= _minSamples)
        {
            double range = _high - _low;
            // MaxNative/MinNative: one instruction (Math.Max orders NaN and ±0 in three). Values are finite; a zero
            // excess of either sign scores nothing, and a bound that is a zero ends as +0 after the shrink step with
            // either (x − x is +0), so the state is the same to the bit.
            double excess = double.MaxNative(value - _high, _low - value);
            if (range > 0 && excess > 0)
            {
                score = ScoreMap.FromRatio(excess / (range * _tolerance));
            }
        }

        _low = double.MinNative(_low, value);
        _high = double.MaxNative(_high, value);
        _low += _shrink * (value - _low);
        _high += _shrink * (value - _high);
        _samples++;
        return score;
    }

    public void Save(ref CheckpointWriter writer)
    {
        writer.Write(_low);
        writer.Write(_high);
        writer.Write(_samples);
    }

    public void Load(ref CheckpointReader reader)
    {
        _low = reader.ReadDouble();
        _high = reader.ReadDouble();
        _samples = reader.ReadInt32(0, int.MaxValue, "range samples");
    }

    public void Reset()
    {
        _low = 0;
        _high = 0;
        _samples = 0;
    }
}
