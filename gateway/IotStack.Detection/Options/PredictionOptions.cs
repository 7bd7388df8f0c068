using IotStack.Detection.Checkpoints;

namespace IotStack.Detection.Options;

/// <summary>
/// Short-context prediction error: an autoregressive model of the last <see cref="Order"/> standardised values
/// (plus an intercept), fitted online by recursive least squares, predicts each sample; the error is scored
/// against the EW spread of past errors.
/// </summary>
internal sealed class PredictionOptions
{
    /// <summary>Past values the prediction uses (the sequence context).</summary>
    public int Order { get; init; } = 4;

    /// <summary>RLS forgetting factor per sample (0.9999: the fit's memory is about 10,000 samples).</summary>
    public double Forgetting { get; init; } = 0.9999;

    /// <summary>Band half-width in EW standard deviations of the prediction error.</summary>
    public double K { get; init; } = 6;

    /// <summary>Weight of the newest sample in the value's EW mean/σ (standardisation) and the error's EW spread.</summary>
    public double Alpha { get; init; } = 0.01;

    /// <summary>Samples needed before the rule can fire.</summary>
    public int WarmupSamples { get; init; } = 48;

    /// <summary>Adds every setting to a checkpoint's configuration fingerprint (a state learnt under other settings is refused).</summary>
    public void AddTo(ref ConfigFingerprint fingerprint)
    {
        fingerprint.Add(Order);
        fingerprint.Add(Forgetting);
        fingerprint.Add(K);
        fingerprint.Add(Alpha);
        fingerprint.Add(WarmupSamples);
    }

    public void Validate(List<string> errors)
    {
        OptionErrors.AtLeast(errors, "Prediction.Order", Order, 1);
        if (Order > 16)
        {
            errors.Add($"Prediction.Order must be at most 16 (was {Order})");
        }

        if (!(Forgetting > 0.9 && Forgetting <= 1))
        {
            errors.Add($"Prediction.Forgetting must be in (0.9, 1] (was {Forgetting})");
        }

        OptionErrors.Positive(errors, "Prediction.K", K);
        OptionErrors.Fraction(errors, "Prediction.Alpha", Alpha);
        OptionErrors.AtLeast(errors, "Prediction.WarmupSamples", WarmupSamples, 2);
    }

    public void ThrowIfInvalid()
    {
        var errors = new List<string>();
        Validate(errors);
        OptionErrors.ThrowIfAny(errors, "Prediction");
    }
}
