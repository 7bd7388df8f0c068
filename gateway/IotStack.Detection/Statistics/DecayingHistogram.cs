using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using IotStack.Detection.Checkpoints;

namespace IotStack.Detection.Statistics;

/// <summary>
/// Bin counts that forget with a half-life in samples. Each new sample weighs 2^(1/half-life) more than the one
/// before instead of every count shrinking, so forgetting costs nothing per sample; all bins are rescaled only when
/// the weight grows large. The weight and total live in a <see cref="DecayClock"/>, the histogram's own or one
/// shared by histograms that count one sample each per step. Fixed memory, no allocation after construction.
/// </summary>
internal sealed class DecayingHistogram
{
    private readonly float[] _counts;
    private readonly DecayClock _clock;
    private readonly bool _ownsClock;

    public DecayingHistogram(int bins, double halfLifeSamples)
        : this(bins, new DecayClock(halfLifeSamples), ownsClock: true)
    {
    }

    /// <summary>A histogram on a shared clock: its owner calls <see cref="DecayClock.Tick"/> once per step, after every member counted its sample.</summary>
    public DecayingHistogram(int bins, DecayClock clock)
        : this(bins, clock, ownsClock: false)
    {
    }

    private DecayingHistogram(int bins, DecayClock clock, bool ownsClock)
    {
        _counts = new float[bins];
        _clock = clock;
        _ownsClock = ownsClock;
        clock.Join(this);
    }

    public int Bins => _counts.Length;

    /// <summary>Sum of all bins, in the same units as the bins.</summary>
    public double Total => _clock.Total;

    /// <summary>What the next sample will add: a prior meant to weigh like one recent sample scales with it.</summary>
    public double Weight => _clock.Weight;

    public double this[int bin] => _counts[bin];

    /// <summary>
    /// Sum of the bins above <paramref name="bin"/>, in four independent running sums (a rarity query reads about
    /// 35 bins; one chain of dependent additions was most of its time).
    /// </summary>
    public double SumAbove(int bin)
    {
        float[] counts = _counts;
        int i = bin + 1;
        if (Avx.IsSupported && i >= 0)
        {
            // The four running sums as the lanes of one vector: four floats widened and added per step, the same
            // additions in the same order as the scalar loop below.
            Vector256<double> sums = Vector256<double>.Zero;
            ref float first = ref MemoryMarshal.GetArrayDataReference(counts);
            for (; i + 3 < counts.Length; i += 4)
            {
                sums += Avx.ConvertToVector256Double(Vector128.LoadUnsafe(ref first, (nuint)i));
            }

            double lane0 = sums.GetElement(0);
            for (; i < counts.Length; i++)
            {
                lane0 += counts[i];
            }

            return (lane0 + sums.GetElement(1)) + (sums.GetElement(2) + sums.GetElement(3));
        }

        return SumAboveScalar(counts, i);
    }

    /// <summary>The same sums without vectors (the path where AVX is missing; the vector path is tested against it).</summary>
    internal static double SumAboveScalar(float[] counts, int from)
    {
        double a = 0;
        double b = 0;
        double c = 0;
        double d = 0;
        int i = from;
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
        _counts[bin] += (float)_clock.Weight;
        AddToTotal();
    }

    /// <summary>Counts a sample in <see cref="Total"/> only, for an owner that never reads its bin (same weights as <see cref="Add"/>).</summary>
    public void AddToTotal()
    {
        if (_ownsClock)
        {
            _clock.Tick();
        }
    }

    /// <summary>Rescales the bins (the clock's weight grew large).</summary>
    public void DivideBins(double by)
    {
        for (int i = 0; i < _counts.Length; i++)
        {
            _counts[i] = (float)(_counts[i] / by);
        }
    }

    public void Save(ref CheckpointWriter writer)
    {
        writer.Write(_counts);
        if (_ownsClock)
        {
            // A shared clock is saved once, by the owner that ticks it.
            _clock.Save(ref writer);
        }
    }

    public void Load(ref CheckpointReader reader)
    {
        reader.Read(_counts);
        if (_ownsClock)
        {
            _clock.Load(ref reader);
        }
    }

    public void Reset()
    {
        Array.Clear(_counts);
        if (_ownsClock)
        {
            _clock.Reset();
        }
    }
}
