namespace IotStack.Nab.Synthetic;

/// <summary>One labelled series: the fault's rows are [FaultStart, WindowEnd) (FaultStart −1: clean).</summary>
internal sealed record SyntheticSeries(
    string Name,
    FaultKind Fault,
    NoiseModel Noise,
    bool Seasonal,
    long PeriodMs,
    long[] TimestampsMs,
    double[] Values,
    int FaultStart,
    int WindowEnd)
{
    public int Length => Values.Length;

    public bool InWindow(int row) => FaultStart >= 0 && row >= FaultStart && row < WindowEnd;
}
