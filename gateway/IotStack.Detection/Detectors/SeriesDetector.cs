namespace IotStack.Detection.Detectors;

/// <summary>
/// One streaming rule over one series. Implementations keep fixed-size state sized at construction,
/// see only the past (no look-ahead) and allocate nothing in <see cref="Observe"/>.
/// </summary>
internal abstract class SeriesDetector
{
    public abstract DetectionRule Rule { get; }

    /// <summary>Scores <paramref name="value"/> against what came before, then learns from it.</summary>
    public abstract Finding Observe(long timestampMs, double value);

    public abstract void Reset();
}
