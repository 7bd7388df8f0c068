using System.Runtime.CompilerServices;
using IotStack.Detection.Checkpoints;
using IotStack.Detection.Options;
using IotStack.Detection.Statistics;

namespace IotStack.Detection.Detectors;

/// <summary>
/// Prediction error with a short sequence context: an AR(<see cref="PredictionOptions.Order"/>) model with an
/// intercept on the standardised values (EW mean and σ), fitted online by recursive least squares with
/// forgetting, predicts each sample from the previous ones; the error is scored against the EW spread of past
/// errors. Unlike the level rules it knows what usually follows what: the sample after a spike is rare too when
/// the series is autocorrelated (the spike predicted more of it), so a lone spike can meet rarity persistence,
/// and a change of dynamics shows although no value leaves the usual range. Fixed memory: (Order + 1)² + 4 ·
/// (Order + 1) doubles; O(Order²) per sample, no allocation.
/// </summary>
internal sealed class PredictionDetector : SeriesDetector
{
    // RLS starts from P = δ·I (a vague prior on the weights).
    private const double InitialCovariance = 100;

    // Past this trace the inverse covariance has blown up (a constant input under forgetting): restart the fit.
    private const double MaxCovarianceTrace = 1e6;

    // Errors beyond 5 spreads are learnt as 5 spreads, so one spike does not widen the band for long.
    private const double ClipSpreads = 5;

    private readonly PredictionOptions _options;
    private readonly double _inverseForgetting;
    private readonly LearningRate _rate;
    private readonly bool _unrolled;
    private readonly double[] _lags;
    private readonly double[] _weights;
    private readonly double[] _covariance;
    private readonly double[] _covarianceLags;
    private int _count;
    private ExponentialMoments _moments;
    private double _errorVariance;

    /// <param name="unrolled">Fit the default order by its unrolled copy (tests compare it with the general loop).</param>
    public PredictionDetector(PredictionOptions options, bool unrolled = true)
    {
        options.ThrowIfInvalid();
        _options = options;
        _inverseForgetting = 1 / options.Forgetting;
        _rate = new LearningRate(options.Alpha);
        int n = options.Order + 1;
        _lags = new double[n];
        _weights = new double[n];
        _covariance = new double[n * n];
        _covarianceLags = new double[n];
        _unrolled = unrolled && n == 5;
        RestartFit();
    }

    public override DetectionRule Rule => DetectionRule.Prediction;

    public override Finding Observe(long timestampMs, double value)
    {
        double score = Score(value, out double expectedLow, out double expectedHigh);
        return new Finding(Rule, timestampMs, value, expectedLow, expectedHigh, score);
    }

    /// <summary>
    /// <see cref="Observe"/> without building the finding: the score, and the band through <paramref name="expectedLow"/>
    /// and <paramref name="expectedHigh"/> (NaN when quiet). A non-virtual call for a combiner that knows this type.
    /// </summary>
    /// <remarks>Inlined into <see cref="Combining.DefaultRules"/> (and into <see cref="Observe"/>): a call made the caller save and reload its doubles.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double Score(double value, out double expectedLow, out double expectedHigh)
    {
        double score = 0;
        expectedLow = double.NaN;
        expectedHigh = double.NaN;
        if (_count == 0)
        {
            _moments.Mean = value;
            _count = 1;
            return score;
        }

        double[] lags = _lags;
        double[] weights = _weights;
        int n = lags.Length;
        double sigma = Math.Sqrt(_moments.Variance);
        double x = sigma > 0 ? (value - _moments.Mean) / sigma : 0;
        double prediction = _unrolled && lags.Length == 5 && weights.Length == 5
            ? 0 + (weights[0] * lags[0]) + (weights[1] * lags[1]) + (weights[2] * lags[2]) + (weights[3] * lags[3]) + (weights[4] * lags[4])
            : Dot(weights, lags);

        double error = x - prediction;
        double squared = error * error;
        if (_count >= _options.WarmupSamples)
        {
            double halfWidth = _options.K * Math.Sqrt(_errorVariance);
            double ratio = halfWidth > 0 ? Math.Abs(error) / halfWidth : 0;
            double expected = _moments.Mean + (prediction * sigma);
            expectedLow = expected - (halfWidth * sigma);
            expectedHigh = expected + (halfWidth * sigma);
            score = ScoreMap.FromRatio(ratio);
            // MinNative/MaxNative: one instruction (Math.Min orders NaN and ±0 in three); all are finite and ≥ +0.
            squared = double.MinNative(squared, ClipSpreads * ClipSpreads * double.MaxNative(_errorVariance, 1e-6));
        }

        _errorVariance += _rate.For(_count) * (squared - _errorVariance);
        Fit(error);

        // Newest lag first; the last slot stays 1 (the intercept).
        if (_unrolled && lags.Length == 5)
        {
            lags[3] = lags[2];
            lags[2] = lags[1];
            lags[1] = lags[0];
        }
        else
        {
            for (int i = n - 2; i > 0; i--)
            {
                lags[i] = lags[i - 1];
            }
        }

        lags[0] = x;
        double alpha = _rate.For(_count + 1);
        _moments.Add(value, alpha);
        _count++;
        return score;
    }

    public override void Save(ref CheckpointWriter writer)
    {
        writer.Write(_lags);
        writer.Write(_weights);
        writer.Write(_covariance);
        writer.Write(_covarianceLags);
        writer.Write(_count);
        _moments.Save(ref writer);
        writer.Write(_errorVariance);
    }

    public override void Load(ref CheckpointReader reader)
    {
        reader.Read(_lags);
        reader.Read(_weights);
        reader.Read(_covariance);
        reader.Read(_covarianceLags);
        _count = reader.ReadInt32(0, int.MaxValue, "prediction samples");
        _moments.Load(ref reader);
        _errorVariance = reader.ReadDouble();
    }

    public override void Reset()
    {
        Array.Clear(_lags);
        Array.Clear(_weights);
        _count = 0;
        _moments = default;
        _errorVariance = 0;
        RestartFit();
    }

    private static double Dot(double[] weights, double[] lags)
    {
        double sum = 0;
        for (int i = 0; i < lags.Length; i++)
        {
            sum += weights[i] * lags[i];
        }

        return sum;
    }

    // Recursive least squares with forgetting λ: k = P·x / (λ + xᵀ·P·x), w += k·e, P = (P − k·(P·x)ᵀ) / λ.
    private void Fit(double error)
    {
        if (_unrolled)
        {
            FitOrder4(error);
            return;
        }

        double[] lags = _lags;
        double[] p = _covariance;
        double[] px = _covarianceLags;
        int n = lags.Length;
        double lambda = _options.Forgetting;
        // P is symmetric (P·x·(P·x)ᵀ is), so only its upper triangle is kept: row i of P is read as column i above
        // the diagonal and row i from it, the same values in the same order as the full row.
        double denominator = lambda;
        for (int i = 0; i < n; i++)
        {
            double s = 0;
            for (int j = 0; j < i; j++)
            {
                s += p[(j * n) + i] * lags[j];
            }

            for (int j = i; j < n; j++)
            {
                s += p[(i * n) + j] * lags[j];
            }

            px[i] = s;
            denominator += lags[i] * s;
        }

        // Two reciprocals instead of a division per element.
        double inverseDenominator = 1 / denominator;
        double inverseLambda = _inverseForgetting;
        double trace = 0;
        for (int i = 0; i < n; i++)
        {
            double gain = px[i] * inverseDenominator;
            _weights[i] += gain * error;
            for (int j = i; j < n; j++)
            {
                p[(i * n) + j] = (p[(i * n) + j] - (gain * px[j])) * inverseLambda;
            }

            trace += p[(i * n) + i];
        }

        if (!(trace < MaxCovarianceTrace))
        {
            RestartFit();
        }
    }

    // The default order unrolled: the same operations in the same order as Fit (so the same results to the bit),
    // on locals instead of computed indices with bounds checks. Upper triangle of the 5×5 P, row-major.
    private void FitOrder4(double error)
    {
        double[] lags = _lags;
        double[] p = _covariance;
        double[] w = _weights;
        // Lengths are fixed by the constructor; the check lets the JIT drop every bounds check below.
        if (lags.Length != 5 || p.Length != 25 || w.Length != 5)
        {
            return;
        }

        double l0 = lags[0], l1 = lags[1], l2 = lags[2], l3 = lags[3], l4 = lags[4];
        double p00 = p[0], p01 = p[1], p02 = p[2], p03 = p[3], p04 = p[4];
        double p11 = p[6], p12 = p[7], p13 = p[8], p14 = p[9];
        double p22 = p[12], p23 = p[13], p24 = p[14];
        double p33 = p[18], p34 = p[19];
        double p44 = p[24];

        double s0 = 0 + (p00 * l0) + (p01 * l1) + (p02 * l2) + (p03 * l3) + (p04 * l4);
        double s1 = 0 + (p01 * l0) + (p11 * l1) + (p12 * l2) + (p13 * l3) + (p14 * l4);
        double s2 = 0 + (p02 * l0) + (p12 * l1) + (p22 * l2) + (p23 * l3) + (p24 * l4);
        double s3 = 0 + (p03 * l0) + (p13 * l1) + (p23 * l2) + (p33 * l3) + (p34 * l4);
        double s4 = 0 + (p04 * l0) + (p14 * l1) + (p24 * l2) + (p34 * l3) + (p44 * l4);
        double denominator = _options.Forgetting + (l0 * s0) + (l1 * s1) + (l2 * s2) + (l3 * s3) + (l4 * s4);

        double inverseDenominator = 1 / denominator;
        double inverseLambda = _inverseForgetting;
        double g0 = s0 * inverseDenominator, g1 = s1 * inverseDenominator, g2 = s2 * inverseDenominator;
        double g3 = s3 * inverseDenominator, g4 = s4 * inverseDenominator;
        w[0] += g0 * error;
        w[1] += g1 * error;
        w[2] += g2 * error;
        w[3] += g3 * error;
        w[4] += g4 * error;
        p00 = (p00 - (g0 * s0)) * inverseLambda;
        p[0] = p00;
        p[1] = (p01 - (g0 * s1)) * inverseLambda;
        p[2] = (p02 - (g0 * s2)) * inverseLambda;
        p[3] = (p03 - (g0 * s3)) * inverseLambda;
        p[4] = (p04 - (g0 * s4)) * inverseLambda;
        p11 = (p11 - (g1 * s1)) * inverseLambda;
        p[6] = p11;
        p[7] = (p12 - (g1 * s2)) * inverseLambda;
        p[8] = (p13 - (g1 * s3)) * inverseLambda;
        p[9] = (p14 - (g1 * s4)) * inverseLambda;
        p22 = (p22 - (g2 * s2)) * inverseLambda;
        p[12] = p22;
        p[13] = (p23 - (g2 * s3)) * inverseLambda;
        p[14] = (p24 - (g2 * s4)) * inverseLambda;
        p33 = (p33 - (g3 * s3)) * inverseLambda;
        p[18] = p33;
        p[19] = (p34 - (g3 * s4)) * inverseLambda;
        p44 = (p44 - (g4 * s4)) * inverseLambda;
        p[24] = p44;

        double trace = 0 + p00 + p11 + p22 + p33 + p44;
        if (!(trace < MaxCovarianceTrace))
        {
            RestartFit();
        }
    }

    private void RestartFit()
    {
        int n = _lags.Length;
        Array.Clear(_covariance);
        for (int i = 0; i < n; i++)
        {
            _covariance[(i * n) + i] = InitialCovariance;
        }

        _lags[n - 1] = 1;
    }
}
