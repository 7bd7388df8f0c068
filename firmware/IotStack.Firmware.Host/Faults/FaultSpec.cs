namespace IotStack.Firmware.Host.Faults;

/// <summary>
/// One parsed fault: <see cref="Target"/> is a channel name (Channel.NameOf: "temperature", "sht31.humidity", …),
/// a chip ("bme280", "sht31"), or null for every channel or chip. <see cref="Magnitude"/> null means the kind's
/// default for the channel (see <see cref="FaultDefaults"/>).
/// </summary>
internal sealed record FaultSpec(FaultKind Kind, string? Target, TimeSpan Start, TimeSpan Duration, double? Magnitude)
{
    public TimeSpan End => Duration == TimeSpan.MaxValue ? TimeSpan.MaxValue : Start + Duration;

    public bool IsActiveAt(TimeSpan elapsed) => elapsed >= Start && elapsed < End;

    public override string ToString()
    {
        string text = FaultPlan.KindName(Kind);
        if (Target is not null)
        {
            text += ":" + Target;
        }

        text += "@" + FaultPlan.FormatTime(Start);
        if (Duration != TimeSpan.MaxValue && Kind is not (FaultKind.Reboot or FaultKind.Hang))
        {
            text += "+" + FaultPlan.FormatTime(Duration);
        }

        if (Magnitude is { } magnitude)
        {
            text += "=" + magnitude.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return text;
    }
}
