using IotStack.Detection.Checkpoints;

namespace IotStack.Detection.Options;

/// <summary>Two-sided CUSUM for drift and small level shifts.</summary>
internal sealed class CusumOptions
{
    /// <summary>Weight of the newest in-control sample for the reference level and σ.</summary>
    public double Alpha { get; init; } = 0.01;

    /// <summary>Slack k in σ: deviations smaller than this do not accumulate (about half the shift to detect; 1 also tolerates a slow periodic swing).</summary>
    public double Slack { get; init; } = 1;

    /// <summary>Decision threshold h in σ.</summary>
    public double Threshold { get; init; } = 12;

    /// <summary>Samples used to learn the reference before accumulating.</summary>
    public int WarmupSamples { get; init; } = 50;

    /// <summary>Smallest σ (in the value's unit).</summary>
    public double MinSpread { get; init; }

    /// <summary>Adds every setting to a checkpoint's configuration fingerprint (a state learnt under other settings is refused).</summary>
    public void AddTo(ref ConfigFingerprint fingerprint)
    {
        fingerprint.Add(Alpha);
        fingerprint.Add(Slack);
        fingerprint.Add(Threshold);
        fingerprint.Add(WarmupSamples);
        fingerprint.Add(MinSpread);
    }

    public void Validate(List<string> errors)
    {
        OptionErrors.Fraction(errors, "Cusum.Alpha", Alpha);
        OptionErrors.NotNegative(errors, "Cusum.Slack", Slack);
        OptionErrors.Positive(errors, "Cusum.Threshold", Threshold);
        OptionErrors.AtLeast(errors, "Cusum.WarmupSamples", WarmupSamples, 2);
        OptionErrors.NotNegative(errors, "Cusum.MinSpread", MinSpread);
    }

    public void ThrowIfInvalid()
    {
        var errors = new List<string>();
        Validate(errors);
        OptionErrors.ThrowIfAny(errors, "Cusum");
    }
}
