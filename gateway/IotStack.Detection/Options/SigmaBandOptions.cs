using IotStack.Detection.Checkpoints;

namespace IotStack.Detection.Options;

/// <summary>Mean ± K·σ of the previous Window samples (the seed rule).</summary>
internal sealed class SigmaBandOptions
{
    /// <summary>Samples in the window the band is computed from.</summary>
    public int Window { get; init; } = 32;

    /// <summary>Band half-width in standard deviations.</summary>
    public double K { get; init; } = 2;

    /// <summary>Samples needed before the rule can fire.</summary>
    public int MinSamples { get; init; } = 3;

    /// <summary>Adds every setting to a checkpoint's configuration fingerprint (a state learnt under other settings is refused).</summary>
    public void AddTo(ref ConfigFingerprint fingerprint)
    {
        fingerprint.Add(Window);
        fingerprint.Add(K);
        fingerprint.Add(MinSamples);
    }

    public void Validate(List<string> errors)
    {
        OptionErrors.AtLeast(errors, "SigmaBand.Window", Window, 2);
        OptionErrors.Positive(errors, "SigmaBand.K", K);
        OptionErrors.AtLeast(errors, "SigmaBand.MinSamples", MinSamples, 2);
    }

    public void ThrowIfInvalid()
    {
        var errors = new List<string>();
        Validate(errors);
        OptionErrors.ThrowIfAny(errors, "SigmaBand");
    }
}
