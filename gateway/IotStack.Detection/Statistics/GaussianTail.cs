namespace IotStack.Detection.Statistics;

/// <summary>Upper tail of the standard normal distribution, in the log domain so far tails do not underflow.</summary>
internal static class GaussianTail
{
    private const double InverseSqrt2 = 0.7071067811865476;
    private const double Ln2 = 0.6931471805599453;

    /// <summary>ln P(Z ≥ z) for a standard normal Z.</summary>
    /// <remarks>
    /// Q(z) = erfc(z/√2)/2 with erfc from the Chebyshev fit in Press et al., "Numerical Recipes" §6.2
    /// (fractional error below 1.2e-7 everywhere); its exp(−x² + poly) form gives ln erfc directly.
    /// </remarks>
    public static double LogUpper(double z)
    {
        if (double.IsNaN(z))
        {
            return 0;
        }

        double x = z * InverseSqrt2;
        double ax = Math.Abs(x);
        double t = 1 / (1 + (0.5 * ax));
        double poly = -1.26551223 + (t * (1.00002368 + (t * (0.37409196 + (t * (0.09678418 + (t * (-0.18628806
            + (t * (0.27886807 + (t * (-1.13520398 + (t * (1.48851587 + (t * (-0.82215223 + (t * 0.17087277)))))))))))))))));
        if (x >= 0)
        {
            return Math.Log(t) - (ax * ax) + poly - Ln2;
        }

        // erfc(−a) = 2 − erfc(a): the lower half, where the tail is at least 0.5 and erfc(a) ≤ 1 cannot underflow,
        // so erfc(a) itself (one exponential) replaces its logarithm.
        return Math.Log(1 - (0.5 * t * Math.Exp(poly - (ax * ax))));
    }
}
