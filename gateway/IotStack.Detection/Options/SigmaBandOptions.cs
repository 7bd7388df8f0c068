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
