using IotStack.Detection.Checkpoints;

namespace IotStack.Detection.Statistics;

/// <summary>
/// Exponentially weighted mean and variance, updated in place (the incremental form in Finch, "Incremental
/// calculation of weighted mean and variance", 2009, §9): two doubles, one update per sample, no allocation.
/// A mutable struct held in a field; <c>default</c> is empty.
/// </summary>
internal struct ExponentialMoments
{
    /// <summary>Set directly to start at a first sample, or to move the centre and keep the learnt spread.</summary>
    public double Mean { readonly get; set; }

    public double Variance { readonly get; private set; }

    public readonly void Save(ref CheckpointWriter writer)
    {
        writer.Write(Mean);
        writer.Write(Variance);
    }

    public void Load(ref CheckpointReader reader)
    {
        Mean = reader.ReadDouble();
        Variance = reader.ReadDouble();
    }

    public void Add(double value, double alpha)
    {
        double delta = value - Mean;
        Mean += alpha * delta;
        Variance = (1 - alpha) * (Variance + (alpha * delta * delta));
    }
}
