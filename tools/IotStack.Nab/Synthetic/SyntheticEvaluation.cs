using System.Globalization;
using System.Text;
using IotStack.Detection;

namespace IotStack.Nab.Synthetic;

/// <summary>
/// Runs a spec over a labelled set and counts, per fault kind, the faults found (an operator alert,
/// <see cref="DetectionResult.IsAlert"/>, inside the fault's window), the delay to the first alert in samples, and false alerts (outside any window) per
/// 100,000 samples.
/// </summary>
internal static class SyntheticEvaluation
{
    public static IReadOnlyList<FaultResult> Evaluate(IReadOnlyList<SyntheticSeries> set, ChannelDetectionSpec spec, TextWriter? trace = null)
    {
        var results = new Dictionary<FaultKind, FaultResult>();
        foreach (SyntheticSeries series in set)
        {
            var detectors = new DetectorSet(spec);
            int firstInWindow = -1;
            int falseAlerts = 0;
            for (int i = 0; i < series.Length; i++)
            {
                DetectionResult result = detectors.Observe(series.TimestampsMs[i], series.Values[i]);
                if (!result.IsAlert)
                {
                    continue;
                }

                if (!series.InWindow(i))
                {
                    trace?.WriteLine($"false alert {series.Name} row {i}: {result.Strongest.Explain()}");
                }

                if (series.InWindow(i))
                {
                    firstInWindow = firstInWindow < 0 ? i : firstInWindow;
                }
                else
                {
                    falseAlerts++;
                }
            }

            if (series.FaultStart >= 0 && firstInWindow < 0)
            {
                trace?.WriteLine($"missed {series.Name} (fault from row {series.FaultStart})");
            }

            int outside = series.Length - (series.FaultStart < 0 ? 0 : series.WindowEnd - series.FaultStart);
            FaultResult r = results.TryGetValue(series.Fault, out FaultResult? existing) ? existing : new FaultResult(series.Fault);
            int window = series.FaultStart < 0 ? 0 : series.WindowEnd - series.FaultStart;
            results[series.Fault] = r with
            {
                // A detector alerting at random at its own false-alert rate would "find" this window this often.
                ByChance = r.ByChance + (window == 0 ? 0 : 1 - Math.Exp(-(double)falseAlerts / outside * window)),
                Series = r.Series + 1,
                Detected = r.Detected + (firstInWindow >= 0 ? 1 : 0),
                DelaySum = r.DelaySum + (firstInWindow >= 0 ? firstInWindow - series.FaultStart : 0),
                FalseAlerts = r.FalseAlerts + falseAlerts,
                OutsideSamples = r.OutsideSamples + outside,
            };
        }

        return results.Values.OrderBy(r => r.Fault).ToList();
    }

    public static string Table(IReadOnlyList<FaultResult> results)
    {
        var c = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        text.AppendLine("| fault | series | found | found by chance | mean delay (samples) | false alerts / 100k samples |");
        text.AppendLine("|---|---:|---:|---:|---:|---:|");
        foreach (FaultResult r in results)
        {
            string found = r.Fault == FaultKind.None ? "–" : string.Format(c, "{0} ({1:P0})", r.Detected, (double)r.Detected / r.Series);
            string delay = r.Detected > 0 ? string.Format(c, "{0:F0}", (double)r.DelaySum / r.Detected) : "–";
            string chance = r.Fault == FaultKind.None ? "–" : string.Format(c, "{0:F1}", r.ByChance);
            text.AppendLine(string.Format(c, "| {0} | {1} | {2} | {3} | {4} | {5:F1} |", r.Fault, r.Series, found, chance, delay, r.FalseAlertsPer100k));
        }

        return text.ToString();
    }

    /// <summary>
    /// The level faults (shift, drift) per noise model and flat or daily cycle: whether they generalise beyond
    /// white noise, e.g. to AR(1) wander and a daily swing.
    /// </summary>
    public static string NoiseTable(IReadOnlyList<SyntheticSeries> set, ChannelDetectionSpec spec)
    {
        var c = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        text.AppendLine("| fault | noise | cycle | series | found | found by chance | mean delay (samples) | false alerts / 100k samples |");
        text.AppendLine("|---|---|---|---:|---:|---:|---:|---:|");
        foreach (FaultKind fault in new[] { FaultKind.LevelShift, FaultKind.Drift })
        {
            foreach (NoiseModel noise in Enum.GetValues<NoiseModel>())
            {
                foreach (bool seasonal in new[] { false, true })
                {
                    var subset = set.Where(x => x.Fault == fault && x.Noise == noise && x.Seasonal == seasonal).ToList();
                    if (subset.Count == 0)
                    {
                        continue;
                    }

                    FaultResult r = Evaluate(subset, spec).Single();
                    string delay = r.Detected > 0 ? string.Format(c, "{0:F0}", (double)r.DelaySum / r.Detected) : "–";
                    text.AppendLine(string.Format(c, "| {0} | {1} | {2} | {3} | {4} | {5:F1} | {6} | {7:F1} |", fault, noise, seasonal ? "daily" : "flat",
                        r.Series, r.Detected, r.ByChance, delay, r.FalseAlertsPer100k));
                }
            }
        }

        return text.ToString();
    }
}
