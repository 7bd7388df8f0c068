using IotStack.Detection.Checkpoints;

namespace IotStack.Detection.Options;

/// <summary>Rolling median ± K·1.4826·MAD of the previous Window samples.</summary>
internal sealed class RobustZOptions
{
    /// <summary>Samples in the rolling window the median and MAD come from.</summary>
    public int Window { get; init; } = 64;

    /// <summary>Band half-width in robust standard deviations (1.4826·MAD).</summary>
    public double K { get; init; } = 6;

    /// <summary>Samples needed before the rule can fire.</summary>
    public int MinSamples { get; init; } = 8;

    /// <summary>Smallest spread (in the value's unit) so sensor quantisation alone cannot fire.</summary>
    public double MinSpread { get; init; }

    /// <summary>Adds every setting to a checkpoint's configuration fingerprint (a state learnt under other settings is refused).</summary>
    public void AddTo(ref ConfigFingerprint fingerprint)
    {
        fingerprint.Add(Window);
        fingerprint.Add(K);
        fingerprint.Add(MinSamples);
        fingerprint.Add(MinSpread);
    }

    public void Validate(List<string> errors)
    {
        OptionErrors.AtLeast(errors, "RobustZ.Window", Window, 3);
        OptionErrors.Positive(errors, "RobustZ.K", K);
        OptionErrors.AtLeast(errors, "RobustZ.MinSamples", MinSamples, 3);
        OptionErrors.NotNegative(errors, "RobustZ.MinSpread", MinSpread);
    }

    public void ThrowIfInvalid()
    {
        var errors = new List<string>();
        Validate(errors);
        OptionErrors.ThrowIfAny(errors, "RobustZ");
    }
}
