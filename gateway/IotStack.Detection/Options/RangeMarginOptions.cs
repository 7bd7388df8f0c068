namespace IotStack.Detection.Options;

/// <summary>
/// New-extreme rule: a value beyond the range the series has shown, by at least <see cref="Tolerance"/> of that
/// range, scores 0.5 or more (see <see cref="Statistics.RangeMargin"/>). Scored on its own, not by rarity:
/// its margin already says how unusual the value is.
/// </summary>
internal sealed class RangeMarginOptions
{
    /// <summary>Margin beyond the seen range, as a fraction of the range, that maps to score 0.5.</summary>
    public double Tolerance { get; init; } = 0.1;

    /// <summary>
    /// Samples before the rule can score: the range of a spiky series needs days of data (1,000 five-minute samples
    /// ≈ 3.5 days) before "beyond anything seen" means something; on NAB 200–750 added false positives, 1,000 none.
    /// </summary>
    public int MinSamples { get; init; } = 1000;

    /// <summary>Samples after which the range's excess over the current value halves (0 = never forgets).</summary>
    public double HalfLifeSamples { get; init; }

    public void Validate(List<string> errors)
    {
        OptionErrors.Positive(errors, "RangeMargin.Tolerance", Tolerance);
        OptionErrors.AtLeast(errors, "RangeMargin.MinSamples", MinSamples, 1);
        OptionErrors.NotNegative(errors, "RangeMargin.HalfLifeSamples", HalfLifeSamples);
    }
}
