using System.Diagnostics;

namespace IotStack.Detection.Statistics;

/// <summary>
/// The last <c>Capacity</c> values with running mean/variance and an ordered copy for median and MAD.
/// Memory is fixed at construction; <see cref="Add"/> is O(capacity) worst case (ordered insert by Array.Copy), no allocation.
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

    /// <summary>Median absolute deviation from the median, found by walking outwards from the median in the ordered copy.</summary>
    public double MedianAbsoluteDeviation()
    {
        if (_count == 0)
        {
            return double.NaN;
        }

        double median = Median;
        // Deviations left of the median grow leftwards, right of it rightwards: merge the two runs.
        int right = LowerBound(_sorted, _count, median);
        int left = right - 1;
        int target = _count / 2;
        double lower = 0;
        double current = 0;
        for (int taken = 0; taken <= target; taken++)
        {
            double dl = left >= 0 ? median - _sorted[left] : double.PositiveInfinity;
            double dr = right < _count ? _sorted[right] - median : double.PositiveInfinity;
            lower = current;
            if (dl <= dr)
            {
                current = dl;
                left--;
            }
            else
            {
                current = dr;
                right++;
            }
        }

        return (_count & 1) == 1 ? current : (lower + current) / 2;
    }

    public void Add(double value)
    {
        if (_count == _ring.Length)
        {
            double old = _ring[_next];
            _sum -= old;
            _sumSquares -= old * old;
            RemoveSorted(old);
        }
        else
        {
            _count++;
        }

        _ring[_next] = value;
        _next = (_next + 1) % _ring.Length;
        _sum += value;
        _sumSquares += value * value;
        InsertSorted(value);

        // Running sums drift with cancellation; recompute exactly now and then.
        if (++_addsSinceResum >= 4 * _ring.Length)
        {
            Resum();
        }
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

    private void RemoveSorted(double value)
    {
        int n = _count;
        int at = LowerBound(_sorted, n, value);
        Debug.Assert(at < n && _sorted[at].Equals(value), "value leaving the ring must be in the ordered copy");
        Array.Copy(_sorted, at + 1, _sorted, at, n - at - 1);
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
