namespace IotStack.Gateway.Alerts;

/// <summary>
/// "This condition holds now" for one (device, channel, rule); repeated signals keep one alert open. With
/// <paramref name="Clears"/>: "this condition has ended" (evidence of recovery, for rules that do not clear on silence).
/// </summary>
internal sealed record AlertSignal(string DeviceId, int Channel, string Rule, AlertSeverity Severity, double Value, string Message, string Source = "gateway", bool Clears = false);
