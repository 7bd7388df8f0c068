namespace IotStack.Nab.Scoring;

/// <summary>A corpus scored under one profile: the chosen threshold, the normalised score and per-file figures.</summary>
internal sealed record ProfileResult(
    NabProfile Profile,
    double Threshold,
    double RawScore,
    double NullScore,
    double PerfectScore,
    IReadOnlyList<(string File, FileScore Score)> Files)
{
    /// <summary>0 = the null detector, 100 = a detection at the start of every window and nowhere else.</summary>
    public double NormalisedScore => 100 * (RawScore - NullScore) / (PerfectScore - NullScore);
}
