using IotStack.Detection.Checkpoints;

namespace IotStack.Detection.Options;

/// <summary>Exponentially weighted mean ± K·σ.</summary>
internal sealed class EwmaOptions
{
    /// <summary>Weight of the newest sample (0..1]; 2/(N+1) matches an N-sample moving average.</summary>
    public double Alpha { get; init; } = 0.05;

    /// <summary>Band half-width in EW standard deviations.</summary>
    public double K { get; init; } = 6;

    /// <summary>Samples needed before the rule can fire.</summary>
    public int WarmupSamples { get; init; } = 20;

    /// <summary>Smallest σ (in the value's unit).</summary>
    public double MinSpread { get; init; }

    /// <summary>Adds every setting to a checkpoint's configuration fingerprint (a state learnt under other settings is refused).</summary>
    public void AddTo(ref ConfigFingerprint fingerprint)
    {
        fingerprint.Add(Alpha);
        fingerprint.Add(K);
        fingerprint.Add(WarmupSamples);
        fingerprint.Add(MinSpread);
    }

    public void Validate(List<string> errors)
    {
        OptionErrors.Fraction(errors, "Ewma.Alpha", Alpha);
        OptionErrors.Positive(errors, "Ewma.K", K);
        OptionErrors.AtLeast(errors, "Ewma.WarmupSamples", WarmupSamples, 2);
        OptionErrors.NotNegative(errors, "Ewma.MinSpread", MinSpread);
    }

    public void ThrowIfInvalid()
    {
        var errors = new List<string>();
        Validate(errors);
        OptionErrors.ThrowIfAny(errors, "Ewma");
    }
}
