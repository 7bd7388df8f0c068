using IotStack.Detection.Checkpoints;

namespace IotStack.Detection.Options;

/// <summary>Value novelty: how little of the series' history lies near the current value.</summary>
internal sealed class NoveltyOptions
{
    /// <summary>Histogram bins over the learnt centre ± (Bins / 2) · BinWidth.</summary>
    public int Bins { get; init; } = 64;

    /// <summary>Bin width in units of the learnt σ.</summary>
    public double BinWidth { get; init; } = 0.5;

    /// <summary>Bins either side of the value's own bin that count as "near".</summary>
    public int Neighbours { get; init; } = 1;

    /// <summary>Weight of the newest sample in the centre and σ that place the bins (slow, so bins keep their meaning).</summary>
    public double Alpha { get; init; } = 0.001;

    /// <summary>Samples after which a past value counts half.</summary>
    public double HalfLifeSamples { get; init; } = 5000;

    /// <summary>Samples that only place the bins, then samples counted before the rule can fire (twice this in all).</summary>
    public int MinSamples { get; init; } = 200;

    /// <summary>Share of history near the value that maps to the rule's limit (score 0.5).</summary>
    public double LimitProbability { get; init; } = 1e-3;

    /// <summary>Adds every setting to a checkpoint's configuration fingerprint (a state learnt under other settings is refused).</summary>
    public void AddTo(ref ConfigFingerprint fingerprint)
    {
        fingerprint.Add(Bins);
        fingerprint.Add(BinWidth);
        fingerprint.Add(Neighbours);
        fingerprint.Add(Alpha);
        fingerprint.Add(HalfLifeSamples);
        fingerprint.Add(MinSamples);
        fingerprint.Add(LimitProbability);
    }

    public void Validate(List<string> errors)
    {
        OptionErrors.AtLeast(errors, "Novelty.Bins", Bins, 8);
        OptionErrors.Positive(errors, "Novelty.BinWidth", BinWidth);
        OptionErrors.AtLeast(errors, "Novelty.Neighbours", Neighbours, 0);
        OptionErrors.Fraction(errors, "Novelty.Alpha", Alpha);
        OptionErrors.Positive(errors, "Novelty.HalfLifeSamples", HalfLifeSamples);
        OptionErrors.AtLeast(errors, "Novelty.MinSamples", MinSamples, 2);
        if (!(LimitProbability > 0 && LimitProbability < 1))
        {
            errors.Add($"Novelty.LimitProbability must be in (0, 1) (was {LimitProbability})");
        }
    }

    public void ThrowIfInvalid()
    {
        var errors = new List<string>();
        Validate(errors);
        OptionErrors.ThrowIfAny(errors, "Novelty");
    }
}
