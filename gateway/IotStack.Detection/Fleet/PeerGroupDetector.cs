using IotStack.Detection.Statistics;

namespace IotStack.Detection.Fleet;

/// <summary>
/// Peer deviation: compares one member's latest value with the robust centre (median) and spread (1.4826·MAD)
/// of its group's latest values, e.g. one greenhouse sensor reading 8 °C off its neighbours. Members are slots
/// 0..capacity−1 assigned by the caller; memory is fixed at construction and evaluation allocates nothing.
/// </summary>
internal sealed class PeerGroupDetector
{
    private const double MadToSigma = 1.4826;

    private readonly double[] _latest;
    private readonly long[] _latestMs;
    private readonly bool[] _present;
    private readonly double[] _scratch;
    private readonly double _k;
    private readonly double _minSpread;
    private readonly int _minPeers;

    public PeerGroupDetector(int capacity, double k = 5, double minSpread = 0, int minPeers = 3)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 2);
        if (!(k > 0) || double.IsInfinity(k))
        {
            throw new ArgumentOutOfRangeException(nameof(k), k, "K must be a finite number greater than 0 (band half-width in robust σ).");
        }

        if (!(minSpread >= 0) || double.IsInfinity(minSpread))
        {
            throw new ArgumentOutOfRangeException(nameof(minSpread), minSpread, "MinSpread must be a finite number of at least 0.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(minPeers, 2);
        _latest = new double[capacity];
        _latestMs = new long[capacity];
        _present = new bool[capacity];
        _scratch = new double[capacity];
        _k = k;
        _minSpread = minSpread;
        _minPeers = minPeers;
    }

    public int Capacity => _latest.Length;

    public void Update(int member, long timestampMs, double value)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(member);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(member, _latest.Length);
        if (!double.IsFinite(value))
        {
            return;
        }

        _latest[member] = value;
        _latestMs[member] = timestampMs;
        _present[member] = true;
    }

    /// <summary>Drops a member (device left the group or went silent).</summary>
    public void Remove(int member) => _present[member] = false;

    /// <summary>
    /// Scores <paramref name="member"/>'s latest value against the other members' latest values that are
    /// no older than <paramref name="maxAgeMs"/> relative to it (long.MaxValue = any age).
    /// </summary>
    public Finding Evaluate(int member, long maxAgeMs = long.MaxValue)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(member);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(member, _latest.Length);
        if (!_present[member])
        {
            return Finding.Quiet(DetectionRule.PeerDeviation, 0, double.NaN);
        }

        double value = _latest[member];
        long at = _latestMs[member];
        int n = 0;
        for (int i = 0; i < _latest.Length; i++)
        {
            if (i != member && _present[i] && Math.Abs(at - _latestMs[i]) <= maxAgeMs)
            {
                _scratch[n++] = _latest[i];
            }
        }

        if (n < _minPeers)
        {
            return Finding.Quiet(DetectionRule.PeerDeviation, at, value);
        }

        Span<double> peers = _scratch.AsSpan(0, n);
        peers.Sort();
        double median = MedianOfSorted(peers);
        for (int i = 0; i < n; i++)
        {
            peers[i] = Math.Abs(peers[i] - median);
        }

        peers.Sort();
        double spread = Math.Max(MadToSigma * MedianOfSorted(peers), _minSpread);
        double halfWidth = _k * spread;
        double deviation = Math.Abs(value - median);
        double ratio = halfWidth > 0 ? deviation / halfWidth : (deviation > 0 ? double.PositiveInfinity : 0);
        return new Finding(DetectionRule.PeerDeviation, at, value, median - halfWidth, median + halfWidth, ScoreMap.FromRatio(ratio));
    }

    private static double MedianOfSorted(Span<double> sorted)
    {
        int n = sorted.Length;
        return (n & 1) == 1 ? sorted[n / 2] : (sorted[(n / 2) - 1] + sorted[n / 2]) / 2;
    }
}
