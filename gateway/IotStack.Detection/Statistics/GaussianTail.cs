using System.Runtime.CompilerServices;

namespace IotStack.Detection.Statistics;

/// <summary>Upper tail of the standard normal distribution, in the log domain so far tails do not underflow.</summary>
internal static class GaussianTail
{
    private const double InverseSqrt2 = 0.7071067811865476;
    private const double Ln2 = 0.6931471805599453;
    private const double LnSqrt2Pi = 0.9189385332046728;

    // ln Q on [−8, 8] as a cubic Hermite table with step 1/32 (4 KB per array, shared): the likelihood stage asks
    // for one tail per sample, and the formula costs a division, a logarithm and for z < 0 an exponential.
    private const double TableFrom = -8;
    private const double TableTo = 8;
    private const int StepsPerUnit = 32;
    private static readonly double[] Table = BuildTable();

    /// <summary>ln P(Z ≥ z) for a standard normal Z.</summary>
    /// <remarks>
    /// Within [−8, 8] interpolated from <see cref="Formula"/>'s values with the exact slope −φ(z)/Q(z) at points
    /// 1/32 apart: cubic Hermite, whose own error (about h⁴/384 times the fourth derivative, below 1e-9 here) is far
    /// under the formula's (1.2e-7); between the points it parts from the formula by at most 6e-8, the formula's
    /// own wiggle around the true ln Q. Outside, and for NaN, the formula.
    /// </remarks>
    // Inlined: a call there made its caller save and reload every double it keeps (no vector register survives a
    // call on x64 Linux); the formula beyond the table stays a call, on the rare path.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double LogUpper(double z)
    {
        if (!(z >= TableFrom && z < TableTo))
        {
            return Formula(z);
        }

        double u = (z - TableFrom) * StepsPerUnit;
        int i = (int)u;
        double t = u - i;
        double[] table = Table;
        int at = 2 * i;
        double y0 = table[at];
        double m0 = table[at + 1];
        double y1 = table[at + 2];
        double m1 = table[at + 3];

        // Hermite basis on [0, 1]; slopes are per unit of z, so scaled by the step.
        double t2 = t * t;
        double t3 = t2 * t;
        const double h = 1.0 / StepsPerUnit;
        return (((2 * t3) - (3 * t2) + 1) * y0) + ((t3 - (2 * t2) + t) * h * m0) + (((3 * t2) - (2 * t3)) * y1) + ((t3 - t2) * h * m1);
    }

    /// <summary>ln P(Z ≥ z) by its formula.</summary>
    /// <remarks>
    /// Q(z) = erfc(z/√2)/2 with erfc from the Chebyshev fit in Press et al., "Numerical Recipes" §6.2
    /// (fractional error below 1.2e-7 everywhere); its exp(−x² + poly) form gives ln erfc directly.
    /// </remarks>
    internal static double Formula(double z)
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

    // Pairs (ln Q(z), d ln Q / dz = −φ(z)/Q(z)) at z = −8 + k/32, one pair past the last interval.
    private static double[] BuildTable()
    {
        int points = ((int)(TableTo - TableFrom) * StepsPerUnit) + 1;
        var table = new double[2 * points];
        for (int k = 0; k < points; k++)
        {
            double z = TableFrom + ((double)k / StepsPerUnit);
            double logQ = Formula(z);
            table[2 * k] = logQ;
            table[(2 * k) + 1] = -Math.Exp((-0.5 * z * z) - LnSqrt2Pi - logQ);
        }

        return table;
    }
}
