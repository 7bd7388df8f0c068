namespace IotStack.Detection.Options;

/// <summary>Largest plausible rate of change.</summary>
internal sealed class RateOfChangeOptions
{
    /// <summary>Largest plausible |Δvalue| per second.</summary>
    public double MaxPerSecond { get; init; } = 1;

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
