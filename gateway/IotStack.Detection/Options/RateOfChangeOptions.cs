using IotStack.Detection.Checkpoints;

namespace IotStack.Detection.Options;

/// <summary>Largest plausible rate of change.</summary>
internal sealed class RateOfChangeOptions
{
    /// <summary>Largest plausible |Δvalue| per second.</summary>
    public double MaxPerSecond { get; init; } = 1;

    /// <summary>Adds every setting to a checkpoint's configuration fingerprint (a state learnt under other settings is refused).</summary>
    public void AddTo(ref ConfigFingerprint fingerprint)
    {
        fingerprint.Add(MaxPerSecond);
    }

    public void Validate(List<string> errors)
    {
        OptionErrors.Positive(errors, "RateOfChange.MaxPerSecond", MaxPerSecond);
    }

    public void ThrowIfInvalid()
    {
        var errors = new List<string>();
        Validate(errors);
        OptionErrors.ThrowIfAny(errors, "RateOfChange");
    }
}
