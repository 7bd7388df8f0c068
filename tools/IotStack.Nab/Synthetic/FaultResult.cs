namespace IotStack.Nab.Synthetic;

/// <summary>One fault kind's totals over a set.</summary>
internal sealed record FaultResult(FaultKind Fault, int Series = 0, int Detected = 0, long DelaySum = 0, int FalseAlerts = 0, long OutsideSamples = 0, double ByChance = 0)
{
    public double FalseAlertsPer100k => OutsideSamples == 0 ? 0 : 100_000.0 * FalseAlerts / OutsideSamples;
}
