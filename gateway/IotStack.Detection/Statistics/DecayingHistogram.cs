namespace IotStack.Detection.Statistics;

/// <summary>
/// Bin counts that forget with a half-life in samples. Each new sample weighs 2^(1/half-life) more than the one
/// before instead of every count shrinking, so forgetting costs nothing per sample; all bins are rescaled only when
/// the weight grows large. Fixed memory, no allocation after construction.
/// </summary>
internal sealed class DecayingHistogram(int bins, double halfLifeSamples)
{
    private const double RescaleAbove = 1e20;

    private readonly float[] _counts = new float[bins];
    private readonly double _growth = Math.Pow(2, 1 / halfLifeSamples);

    public int Bins => _counts.Length;

    /// <summary>Sum of all bins, in the same units as the bins.</summary>
    public double Total { get; private set; }

    /// <summary>What the next sample will add: a prior meant to weigh like one recent sample scales with it.</summary>
    public double Weight { get; private set; } = 1;

    public double this[int bin] => _counts[bin];

    /// <summary>
    /// Sum of the bins above <paramref name="bin"/>, in four independent running sums (a rarity query reads about
    /// 35 bins; one chain of dependent additions was most of its time).
    /// </summary>
    public double SumAbove(int bin)
    {
        float[] counts = _counts;
        double a = 0;
        double b = 0;
        double c = 0;
        double d = 0;
        int i = bin + 1;
        for (; i + 3 < counts.Length; i += 4)
        {
            a += counts[i];
            b += counts[i + 1];
            c += counts[i + 2];
            d += counts[i + 3];
        }

        for (; i < counts.Length; i++)
        {
            a += counts[i];
        }

        return (a + b) + (c + d);
    }

    public void Add(int bin)
    {
        _counts[bin] += (float)Weight;
        Total += Weight;
        Weight *= _growth;
        if (Weight > RescaleAbove)
        {
            for (int i = 0; i < _counts.Length; i++)
            {
                _counts[i] = (float)(_counts[i] / Weight);
            }

            Total /= Weight;
            Weight = 1;
        }
    }

    public void Reset()
    {
        Array.Clear(_counts);
        Weight = 1;
        Total = 0;
    }
}
