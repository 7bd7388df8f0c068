using IotStack.Detection.Checkpoints;

namespace IotStack.Detection.Options;

/// <summary>Static limits.</summary>
internal sealed class ThresholdOptions
{
    /// <summary>Lowest allowed value (null = none).</summary>
    public double? Min { get; init; }

    /// <summary>Highest allowed value (null = none).</summary>
    public double? Max { get; init; }

    /// <summary>Adds every setting to a checkpoint's configuration fingerprint (a state learnt under other settings is refused).</summary>
    public void AddTo(ref ConfigFingerprint fingerprint)
    {
        fingerprint.Add(Min);
        fingerprint.Add(Max);
    }

    public void Validate(List<string> errors)
    {
        if (Min is null && Max is null)
        {
            errors.Add("Threshold needs Min, Max or both");
        }

        if (Min is { } min && Max is { } max && !(min <= max))
        {
            errors.Add($"Threshold.Min ({min}) must not be greater than Threshold.Max ({max})");
        }
    }

    public void ThrowIfInvalid()
    {
        var errors = new List<string>();
        Validate(errors);
        OptionErrors.ThrowIfAny(errors, "Threshold");
    }
}
