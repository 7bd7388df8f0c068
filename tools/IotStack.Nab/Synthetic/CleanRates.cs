using System.Globalization;
using System.Text;
using IotStack.Detection;

namespace IotStack.Nab.Synthetic;

/// <summary>
/// Alerts on long clean series (Gaussian, uniform, AR(1), Student-t, noisy daily sine): the false-alarm rate an
/// operator sees, counted at the alert level and above a few higher scores.
/// </summary>
internal static class CleanRates
{
    public static readonly (NoiseModel Noise, bool Seasonal)[] Signals =
    [
        (NoiseModel.Gaussian, false),
        (NoiseModel.Uniform, false),
        (NoiseModel.Ar1, false),
        (NoiseModel.StudentT, false),
        (NoiseModel.Gaussian, true),
    ];

    public const long PeriodMs = 60_000;

    /// <summary>Operator alerts (<see cref="DetectionResult.IsAlert"/>) and rarity anomalies (score ≥ 0.5) on one clean signal.</summary>
    public static (int Alerts, int Anomalies) Count(ChannelDetectionSpec spec, NoiseModel noise, bool seasonal, int length, int seed, Dictionary<DetectionRule, int>? byRule = null)
    {
        SyntheticSeries series = SyntheticGenerator.Clean(noise, seasonal, length, PeriodMs, seed);
        var detectors = new DetectorSet(spec);
        int alerts = 0;
        int anomalies = 0;
        for (int i = 0; i < series.Length; i++)
        {
            DetectionResult r = detectors.Observe(series.TimestampsMs[i], series.Values[i]);
            anomalies += r.IsAnomaly ? 1 : 0;
            if (!r.IsAlert)
            {
                continue;
            }

            alerts++;

            if (byRule is not null)
            {
                byRule[r.Strongest.Rule] = byRule.GetValueOrDefault(r.Strongest.Rule) + 1;
            }
        }

        return (alerts, anomalies);
    }

    public static string Table(ChannelDetectionSpec spec, int length, int seed)
    {
        var c = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        text.AppendLine(string.Format(c, "| signal ({0:N0} samples, 1 per minute) | operator alerts | per 100k | their rules | rarity anomalies (score ≥ 0.5, NAB's view) |", length));
        text.AppendLine("|---|---:|---:|---|---:|");
        foreach ((NoiseModel noise, bool seasonal) in Signals)
        {
            var rules = new Dictionary<DetectionRule, int>();
            (int alerts, int anomalies) = Count(spec, noise, seasonal, length, seed, rules);
            text.AppendLine(string.Format(c, "| {0}{1} | {2} | {3:F1} | {4} | {5} |", noise, seasonal ? " + daily sine" : "", alerts,
                100_000.0 * alerts / length, string.Join(", ", rules.OrderByDescending(r => r.Value).Select(r => $"{r.Key} {r.Value}")), anomalies));
        }

        return text.ToString();
    }
}
