namespace IotStack.Nab.Scoring;

/// <summary>NAB's scoring rules (Lavin and Ahmad 2015, "Evaluating Real-time Anomaly Detection Algorithms", §4).</summary>
internal static class NabRules
{
    public const double ProbationFraction = 0.15;

    /// <summary>Learning period: 15 % of the file, at most 15 % of 5,000 rows (750).</summary>
    public static int ProbationRows(int rows) => (int)Math.Min(Math.Floor(ProbationFraction * rows), ProbationFraction * 5000);

    /// <summary>
    /// Reward by relative position: −1 is a window's left edge (≈ +0.987), 0 its right edge (0), positive values
    /// lie past the window and cost more with distance, flat at −1 from 3 window widths on
    /// (nab/sweeper.py: position ≥ 3.0 → −1.0).
    /// </summary>
    public static double ScaledSigmoid(double relativePosition) =>
        relativePosition >= 3.0 ? -1.0 : (2.0 / (1.0 + Math.Exp(5.0 * relativePosition))) - 1.0;

    public static readonly double MaxTruePositive = ScaledSigmoid(-1.0);
}
