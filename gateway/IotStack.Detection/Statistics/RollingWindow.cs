using System.Diagnostics;
using IotStack.Detection.Checkpoints;

namespace IotStack.Detection.Statistics;

/// <summary>
/// The last <c>Capacity</c> values with running mean/variance and an ordered copy for median and MAD.
/// Memory is fixed at construction; <see cref="Add"/> is O(capacity) worst case (ordered insert by Array.Copy), no allocation;
/// <see cref="MedianAbsoluteDeviation"/> is O(log capacity).
/// </summary>
internal sealed class RollingWindow
{
    private readonly double[] _ring;
    private readonly double[] _sorted;
    private int _next;
    private int _count;
    private double _sum;
    private double _sumSquares;
    private int _addsSinceResum;
    private int _lastFromLeft;

    public RollingWindow(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 2);
        _ring = new double[capacity];
        _sorted = new double[capacity];
    }

    public int Capacity => _ring.Length;

    public int Count => _count;

    public bool IsFull => _count == _ring.Length;

    public double Mean => _count == 0 ? double.NaN : _sum / _count;

    /// <summary>Sample standard deviation (n − 1).</summary>
    public double StandardDeviation
    {
        get
        {
            if (_count < 2)
            {
                return double.NaN;
            }

            double mean = _sum / _count;
            double variance = (_sumSquares - (_count * mean * mean)) / (_count - 1);
            return variance > 0 ? Math.Sqrt(variance) : 0;
        }
    }

    public double Median => _count == 0 ? double.NaN : OrderStatistic(_sorted, _count);

    public double Newest => _count == 0 ? double.NaN : _ring[(_next - 1 + _ring.Length) % _ring.Length];

    /// <summary>Value <paramref name="back"/> samples ago (0 = newest).</summary>
    public double Ago(int back)
    {
        Debug.Assert(back >= 0 && back < _count);
        return _ring[(_next - 1 - back + (2 * _ring.Length)) % _ring.Length];
    }

    public double Min => _count == 0 ? double.NaN : _sorted[0];

    public double Max => _count == 0 ? double.NaN : _sorted[_count - 1];

    /// <summary>
    /// Median absolute deviation from the median. The deviations left of the median, read leftwards, and those right of
    /// it, read rightwards, are two ascending runs of the ordered copy: their middle order statistic is found by
    /// binary search over how many come from the left run, O(log n) instead of merging half the window. For an even
    /// count the two middle deviations come from the same search (the largest two of the smallest n/2 + 1).
    /// </summary>
    public double MedianAbsoluteDeviation() => MedianAbsoluteDeviation(Median);

    /// <summary>The MAD around <paramref name="median"/>, which must be <see cref="Median"/> (a caller that has it saves reading it again).</summary>
    public double MedianAbsoluteDeviation(double median)
    {
        if (_count == 0)
        {
            return double.NaN;
        }


        // The first index at or above the median is n/2 unless values equal to it reach below (a quantised signal).
        int middle = _count / 2;
        int split = (middle == 0 || _sorted[middle - 1] < median) && _sorted[middle] >= median ? middle : LowerBound(_sorted, _count, median);
        int taken = middle + 1;
        int fromLeft = _lastFromLeft = SmallestFromLeft(median, split, taken);
        int fromRight = taken - fromLeft;
        double left = fromLeft > 0 ? LeftDeviation(median, split, fromLeft - 1) : double.NegativeInfinity;
        double right = fromRight > 0 ? RightDeviation(median, split, fromRight - 1) : double.NegativeInfinity;
        // MaxNative/MinNative: one instruction (Math.Max orders NaN and ±0 in three); deviations are finite and ≥ +0
        // (a difference of equal values is +0), or −∞ for none.
        double upper = double.MaxNative(left, right);
        if ((_count & 1) == 1)
        {
            return upper;
        }

        // The next smallest: the larger of the run that did not give the largest and the other run's one before. Each
        // run's one before is at most its last, so max(min(left, right), both runs' ones before) is that value with
        // no branch on which run gave the largest (random: a mispredicted branch every other sample).
        double leftBefore = fromLeft > 1 ? LeftDeviation(median, split, fromLeft - 2) : double.NegativeInfinity;
        double rightBefore = fromRight > 1 ? RightDeviation(median, split, fromRight - 2) : double.NegativeInfinity;
        double lower = double.MaxNative(double.MinNative(left, right), double.MaxNative(leftBefore, rightBefore));
        return (lower + upper) / 2;
    }

    /// <summary>
    /// How many of the <paramref name="taken"/> smallest deviations |x − median| come from the left run; split = first
    /// index at or above the median. The largest valid count whose last left deviation is not above the next right
    /// one, searched as in a merge of two sorted arrays.
    /// </summary>
    private int SmallestFromLeft(double median, int split, int taken)
    {
        int leftCount = split;
        int rightCount = _count - split;
        int lo = Math.Max(0, taken - rightCount);
        int hi = Math.Min(taken, leftCount);

        // The count moves little from one sample to the next: the last one (or its neighbour) usually is the answer,
        // the largest count that is not too many, which two comparisons confirm before any search.
        int hint = Math.Clamp(_lastFromLeft, lo, hi);
        if (hint == lo || !TooMany(median, split, taken, rightCount, hint))
        {
            if (hint == hi || TooMany(median, split, taken, rightCount, hint + 1))
            {
                return hint;
            }

            lo = hint + 1;
        }
        else
        {
            hi = hint - 1;
        }

        while (lo < hi)
        {
            // Branch-free step (conditional moves): which way it goes is data, so a branch is mispredicted half the time.
            int i = (lo + hi + 1) >>> 1;
            int j = taken - i;
            bool tooMany = j < rightCount && LeftDeviation(median, split, i - 1) > RightDeviation(median, split, j);
            hi = tooMany ? i - 1 : hi;
            lo = tooMany ? lo : i;
        }

        return lo;
    }

    // Taking i from the left run is too many when its last is above the right run's next.
    private bool TooMany(double median, int split, int taken, int rightCount, int i) =>
        taken - i < rightCount && LeftDeviation(median, split, i - 1) > RightDeviation(median, split, taken - i);

    private double LeftDeviation(double median, int split, int index) => median - _sorted[split - 1 - index];

    private double RightDeviation(double median, int split, int index) => _sorted[split + index] - median;

    public void Add(double value)
    {
        if (_count == _ring.Length)
        {
            double old = _ring[_next];
            _sum -= old;
            _sumSquares -= old * old;
            ReplaceSorted(old, value);
        }
        else
        {
            _count++;
            InsertSorted(value);
        }

        _ring[_next] = value;
        _next = (_next + 1) % _ring.Length;
        _sum += value;
        _sumSquares += value * value;

        // Running sums drift with cancellation; recompute exactly now and then.
        if (++_addsSinceResum >= 4 * _ring.Length)
        {
            Resum();
        }
    }

    public void Save(ref CheckpointWriter writer)
    {
        writer.Write(_ring);
        writer.Write(_sorted);
        writer.Write(_next);
        writer.Write(_count);
        writer.Write(_sum);
        writer.Write(_sumSquares);
        writer.Write(_addsSinceResum);
        writer.Write(_lastFromLeft);
    }

    public void Load(ref CheckpointReader reader)
    {
        reader.Read(_ring);
        reader.Read(_sorted);
        _next = reader.ReadInt32(0, _ring.Length - 1, "window position");
        _count = reader.ReadInt32(0, _ring.Length, "window fill");
        _sum = reader.ReadDouble();
        _sumSquares = reader.ReadDouble();
        _addsSinceResum = reader.ReadInt32(0, 4 * _ring.Length, "window adds since resum");
        _lastFromLeft = reader.ReadInt32(0, _ring.Length, "window MAD hint");
    }

    public void Clear()
    {
        _count = 0;
        _next = 0;
        _sum = 0;
        _sumSquares = 0;
        _addsSinceResum = 0;
    }

    private void Resum()
    {
        _addsSinceResum = 0;
        _sum = 0;
        _sumSquares = 0;
        for (int i = 0; i < _count; i++)
        {
            double v = _sorted[i];
            _sum += v;
            _sumSquares += v * v;
        }
    }

    private void InsertSorted(double value)
    {
        int n = _count - 1; // elements already in _sorted
        int at = LowerBound(_sorted, n, value);
        Array.Copy(_sorted, at, _sorted, at + 1, n - at);
        _sorted[at] = value;
    }

    /// <summary>
    /// The value leaving the window makes room for the one entering: only the values between the two positions move,
    /// one step, leaving the same order a remove and an insert would. The entering value walks from the leaving one's
    /// place (a few steps on average, one mispredicted exit) instead of a second binary search (a mispredicted branch
    /// every other step) and a block copy; it stops where the search would have put it, before any equal value.
    /// </summary>
    private void ReplaceSorted(double old, double value)
    {
        double[] sorted = _sorted;
        int n = _count;
        int at = LowerBound(sorted, n, old);
        Debug.Assert(at < n && sorted[at].Equals(old), "value leaving the ring must be in the ordered copy");
        if ((uint)n > (uint)sorted.Length)
        {
            return;
        }

        if (value > old)
        {
            while (at + 1 < n && sorted[at + 1] < value)
            {
                sorted[at] = sorted[at + 1];
                at++;
            }
        }
        else
        {
            while (at > 0 && !(sorted[at - 1] < value))
            {
                sorted[at] = sorted[at - 1];
                at--;
            }
        }

        sorted[at] = value;
    }

    private static int LowerBound(double[] sorted, int n, double value)
    {
        int lo = 0;
        int hi = n;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] < value)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }

    private static double OrderStatistic(double[] sorted, int n) =>
        (n & 1) == 1 ? sorted[n / 2] : (sorted[(n / 2) - 1] + sorted[n / 2]) / 2;
}
