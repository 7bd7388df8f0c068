using System.Runtime.CompilerServices;
using IotStack.Detection.Checkpoints;

namespace IotStack.Detection.Statistics;

/// <summary>
/// The forgetting weight and total of <see cref="DecayingHistogram"/>s that each count exactly one sample per step
/// (a rarity tracker per rule of one series): their weights and totals are the same sequence, so one clock keeps
/// them and advances once per step instead of once per histogram, and rescales every member's bins together.
/// </summary>
internal sealed class DecayClock(double halfLifeSamples)
{
    private const double RescaleAbove = 1e20;

    private readonly double _growth = Math.Pow(2, 1 / halfLifeSamples);
    private DecayingHistogram[] _members = [];

    /// <summary>What a member's next sample adds.</summary>
    public double Weight { get; private set; } = 1;

    /// <summary>Sum of all bins of any one member.</summary>
    public double Total { get; private set; }

    /// <summary>Registers a histogram (at construction, never per sample).</summary>
    public void Join(DecayingHistogram member) => _members = [.. _members, member];

    /// <summary>Ends a step in which every member counted one sample.</summary>
    public void Tick()
    {
        Total += Weight;
        Weight *= _growth;
        if (Weight > RescaleAbove)
        {
            Rescale();
        }
    }

    public void Save(ref CheckpointWriter writer)
    {
        writer.Write(Weight);
        writer.Write(Total);
    }

    public void Load(ref CheckpointReader reader)
    {
        Weight = reader.ReadDouble();
        Total = reader.ReadDouble();
    }

    public void Reset()
    {
        Weight = 1;
        Total = 0;
    }

    // Out of line: once in ~10^5 samples, and it kept the per-sample step from being inlined.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void Rescale()
    {
        foreach (DecayingHistogram member in _members)
        {
            member.DivideBins(Weight);
        }

        Total /= Weight;
        Weight = 1;
    }
}
