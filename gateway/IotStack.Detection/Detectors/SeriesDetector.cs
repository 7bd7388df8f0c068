using IotStack.Detection.Checkpoints;

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

    /// <summary>Writes everything this rule has learnt (what <see cref="Reset"/> forgets) for a checkpoint; no allocation.</summary>
    public abstract void Save(ref CheckpointWriter writer);

    /// <summary>Reads what <see cref="Save"/> wrote, in the same order, into a rule built from the same options.</summary>
    public abstract void Load(ref CheckpointReader reader);
}
