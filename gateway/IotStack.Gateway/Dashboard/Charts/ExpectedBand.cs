using IotStack.Gateway.Storage;

namespace IotStack.Gateway.Dashboard.Charts;

/// <summary>
/// The band a point was expected in: mean ± k·σ of the preceding <see cref="Window"/> bucket means (the same rolling
/// σ-band idea the boards and the gateway's SigmaBand detector use), so a spike shows as leaving the band.
/// Null where fewer than <see cref="MinHistory"/> earlier points exist.
/// </summary>
internal static class ExpectedBand
{
    public const int Window = 30;
    public const int MinHistory = 5;

    public static (double Low, double High)?[] Compute(IReadOnlyList<SeriesPoint> points, double k)
    {
        var band = new (double, double)?[points.Count];
        for (int i = MinHistory; i < points.Count; i++)
        {
            int start = Math.Max(0, i - Window);
            double sum = 0, sumSq = 0;
            int n = 0;
            for (int j = start; j < i; j++)
            {
                double m = points[j].Mean;
                if (double.IsFinite(m))
                {
                    sum += m;
                    sumSq += m * m;
                    n++;
                }
            }

            if (n < MinHistory)
            {
                continue;
            }

            double mean = sum / n;
            double sigma = Math.Sqrt(Math.Max(0, (sumSq / n) - (mean * mean)));
            // A perfectly flat history would give a zero-width band that every rounding step leaves.
            sigma = Math.Max(sigma, 1e-3 * Math.Max(1, Math.Abs(mean)));
            band[i] = (mean - (k * sigma), mean + (k * sigma));
        }

        return band;
    }
}
