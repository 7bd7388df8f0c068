using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace IotStack.Detection.Statistics;

/// <summary>
/// Maps a score in [0, 1] to its bin of log-odds (<see cref="Formula"/>: floor(ln(s/(1 − s)) · binsPerUnit +
/// bins/2), clamped to 1 … bins − 1; 0 for a score of 0) by comparing it with precomputed bin edges instead of
/// taking a logarithm: six comparisons against a table shared by every series with the same binning. Each edge is
/// the smallest double the formula puts in its bin, found by stepping one ulp at a time from the analytic edge, so
/// the table gives exactly the formula's bin for every score (the formula is monotone in the score).
/// </summary>
internal sealed class LogOddsBins
{
    private static readonly ConcurrentDictionary<(int Bins, double BinsPerUnit), LogOddsBins> Shared = new();

    // _edges[k] is the smallest score in bin k + 2 (bins 2 … bins − 1), padded with +∞ to a power of two (the
    // search steps add up to one less than it).
    private readonly double[] _edges;
    private readonly int _firstStep;
    private readonly int _bins;
    private readonly double _binsPerUnit;

    private LogOddsBins(int bins, double binsPerUnit)
    {
        _bins = bins;
        _binsPerUnit = binsPerUnit;
        int size = 1;
        while (size - 1 < bins - 2)
        {
            size *= 2;
        }

        _edges = new double[size];
        Array.Fill(_edges, double.PositiveInfinity);
        for (int bin = 2; bin < bins; bin++)
        {
            _edges[bin - 2] = Edge(bin);
        }

        _firstStep = size / 2;
    }

    public static LogOddsBins For(int bins, double binsPerUnit) =>
        Shared.GetOrAdd((bins, binsPerUnit), key => new LogOddsBins(key.Bins, key.BinsPerUnit));

    /// <summary>The bin of <paramref name="score"/>, equal to <see cref="Formula"/>.</summary>
    public int Bin(double score)
    {
        if (!(score > 0))
        {
            return score == 0 || score < 0 ? 0 : 1;
        }

        // Branch-free binary search: how many edges are at or below the score.
        double[] edges = _edges;
        int below = 0;
        for (int step = _firstStep; step > 0; step >>= 1)
        {
            below += edges[below + step - 1] <= score ? step : 0;
        }

        return 1 + below;
    }

    /// <summary>
    /// The bin of <paramref name="score"/>, checking <paramref name="hint"/> (a bin from 1 up) and its neighbours
    /// first: a score that moves slowly is usually in the bin of the one before or next to it, which two or three
    /// comparisons confirm. Equal to <see cref="Bin(double)"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Bin(double score, int hint)
    {
        if ((uint)(hint - 2) < (uint)(_bins - 3) && score > 0)
        {
            // Bins hint − 1 … hint + 1 span [edges[hint − 3], edges[hint]) (edges[−1] read as 0, past the top +∞).
            double[] edges = _edges;
            if (score < edges[hint - 1])
            {
                if (edges[hint - 2] <= score)
                {
                    return hint;
                }

                if (hint == 2 || edges[hint - 3] <= score)
                {
                    return hint - 1;
                }
            }
            else if (score < edges[hint])
            {
                return hint + 1;
            }
        }

        return Bin(score);
    }

    /// <summary>The smallest score in <paramref name="bin"/> (0 for bins 0 and 1).</summary>
    public double FirstScore(int bin) => bin < 2 ? 0 : _edges[bin - 2];

    /// <summary>The bin by its definition (with a logarithm); the table reproduces it.</summary>
    public int Formula(double score)
    {
        double logOdds = score <= 0 ? double.NegativeInfinity : score >= 1 ? 100 : Math.Log(score / (1 - score));
        if (double.IsNegativeInfinity(logOdds))
        {
            return 0;
        }

        int bin = (int)Math.Floor((logOdds * _binsPerUnit) + (_bins / 2.0));
        return Math.Clamp(bin, 1, _bins - 1);
    }

    private double Edge(int bin)
    {
        double edge = 1 / (1 + Math.Exp(-((bin - (_bins / 2.0)) / _binsPerUnit)));
        while (edge > 0 && Formula(edge) >= bin)
        {
            edge = Math.BitDecrement(edge);
        }

        while (Formula(edge) < bin)
        {
            edge = Math.BitIncrement(edge);
        }

        Debug.Assert(Formula(edge) == bin, "edges are the first score of their bin");
        return edge;
    }
}
