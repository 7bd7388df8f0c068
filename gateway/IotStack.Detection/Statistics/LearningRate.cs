namespace IotStack.Detection.Statistics;

/// <summary>
/// The rate max(α, 1/n) an exponentially weighted estimate learns its n-th sample with: the plain mean while few
/// samples are in (so the first ones do not pin it), α after. 1/n only falls, so once it is at or below α it stays
/// there: from that n on the rate is α without a division, the same value to the last bit (a comparison per sample
/// instead of a division; the ensemble learns about a dozen such rates per sample).
/// </summary>
internal readonly struct LearningRate
{
    private readonly double _alpha;
    private readonly long _settledFrom;

    public LearningRate(double alpha)
    {
        _alpha = alpha;
        _settledFrom = SettledFrom(alpha);
    }

    public double Alpha => _alpha;

    /// <summary>max(α, 1/n), exactly as computed with the division.</summary>
    public double For(long n) => n >= _settledFrom ? _alpha : Math.Max(_alpha, 1.0 / n);

    // The smallest n ≥ 1 with 1.0 / n ≤ α as doubles compute it (1.0 / n is monotone in n); never for α ≤ 0.
    private static long SettledFrom(double alpha)
    {
        if (!(alpha > 0) || 1 / alpha > 1e15)
        {
            return long.MaxValue;
        }

        long n = Math.Max(1, (long)(1 / alpha) - 2);
        while (n > 1 && 1.0 / n <= alpha)
        {
            n--;
        }

        while (1.0 / n > alpha)
        {
            n++;
        }

        return n;
    }
}
