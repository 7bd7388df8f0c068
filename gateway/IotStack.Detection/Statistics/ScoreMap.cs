namespace IotStack.Detection.Statistics;

/// <summary>Maps "how far past the rule's limit" to a score in [0, 1] that crosses 0.5 exactly at the limit.</summary>
internal static class ScoreMap
{
    /// <summary>ratio = deviation / limit; 0 → 0, 1 → 0.5, 2 → 0.8, 3 → 0.9, ∞ → 1.</summary>
    public static double FromRatio(double ratio)
    {
        if (double.IsNaN(ratio) || ratio <= 0)
        {
            return 0;
        }

        if (double.IsPositiveInfinity(ratio))
        {
            return 1;
        }

        double r2 = ratio * ratio;
        return r2 / (1 + r2);
    }
}
