using IotStack.Detection.Checkpoints;
using IotStack.Detection.Options;

namespace IotStack.Detection.Combining;

/// <summary>
/// Sustained rarity (<see cref="RarityOptions.SustainedZ"/>): a short EW mean of the evidence −ln P against its
/// long-run EW mean and σ; z = SustainedZ maps to 0.5. Three doubles and two counters, 0 B per sample.
/// </summary>
internal sealed class SustainedEvidence
{
    private readonly double _z;
    private readonly double _shortAlpha;
    private readonly double _longAlpha;
    private readonly int _warmupSamples;
    private double _shortMean;
    private double _longMean;
    private double _longVariance;
    private int _count;
    private int _warmup;

    public SustainedEvidence(RarityOptions rarity)
    {
        ArgumentNullException.ThrowIfNull(rarity);
        _z = rarity.SustainedZ;
        _shortAlpha = rarity.SustainedShortAlpha;
        _longAlpha = rarity.SustainedLongAlpha;
        _warmupSamples = rarity.MinSamples;
        _warmup = _warmupSamples;
    }

    public double Observe(double evidence)
    {
        // Evidence is 0 until the rarity histograms warm up; learning those zeros would make the first real
        // evidence look like a sustained episode.
        if (_warmup > 0)
        {
            _warmup--;
            return 0;
        }

        _count++;
        double longAlpha = Math.Max(_longAlpha, 1.0 / _count);
        double sigma = Math.Sqrt(_longVariance);
        _shortMean += _shortAlpha * (evidence - _shortMean);
        double z = sigma > 0 && _count > 100 ? (_shortMean - _longMean) / sigma : 0;
        double delta = evidence - _longMean;
        _longMean += longAlpha * delta;
        _longVariance = (1 - longAlpha) * (_longVariance + (longAlpha * delta * delta));
        return Math.Clamp(z / (2 * _z), 0, 1);
    }

    public void Save(ref CheckpointWriter writer)
    {
        writer.Write(_shortMean);
        writer.Write(_longMean);
        writer.Write(_longVariance);
        writer.Write(_count);
        writer.Write(_warmup);
    }

    public void Load(ref CheckpointReader reader)
    {
        _shortMean = reader.ReadDouble();
        _longMean = reader.ReadDouble();
        _longVariance = reader.ReadDouble();
        _count = reader.ReadInt32(0, int.MaxValue, "sustained samples");
        _warmup = reader.ReadInt32(0, _warmupSamples, "sustained warm-up");
    }

    public void Reset()
    {
        _shortMean = 0;
        _longMean = 0;
        _longVariance = 0;
        _count = 0;
        _warmup = _warmupSamples;
    }
}
