namespace IotStack.Ota.Rollouts;

/// <summary>
/// The soak verdict: updated boards against boards not yet updated over the same window, so a
/// fleet-wide bad day (weather, a broker hiccup) does not stop a release, but a release that makes its
/// boards sicker does. When no board is left to compare with (one-wave campaign, last wave), the baseline
/// is the updated boards' own window of the same length before their update (<see cref="HealthBaseline.OwnPast"/>).
/// Null when healthy, otherwise the reason.
/// </summary>
internal static class HealthGate
{
    public static string? Judge(HealthSnapshot updated, HealthSnapshot control, HealthGateOptions o, HealthBaseline baseline = HealthBaseline.Peers)
    {
        string others = baseline == HealthBaseline.Peers ? "on the others" : "on the same boards before the update";
        if (updated.Devices == 0)
        {
            return null;
        }

        if (Worse(updated.AnomalyRate, control.AnomalyRate, o))
        {
            return $"anomaly rate {updated.AnomalyRate:0.##}/device-hour on updated boards vs {control.AnomalyRate:0.##} {others}";
        }

        if (updated.RebootsPerDevice > control.RebootsPerDevice + o.MaxExtraRebootsPerDevice)
        {
            return $"reboots {updated.RebootsPerDevice:0.##}/device on updated boards vs {control.RebootsPerDevice:0.##} {others}";
        }

        if (updated.HeartbeatLoss > control.HeartbeatLoss + o.MaxExtraHeartbeatLoss)
        {
            return $"heartbeat loss {updated.HeartbeatLoss:P0} of updated boards vs {control.HeartbeatLoss:P0} {others}";
        }

        if (Worse(updated.ErrorLogRate, control.ErrorLogRate, o))
        {
            return $"error logs {updated.ErrorLogRate:0.##}/device-hour on updated boards vs {control.ErrorLogRate:0.##} {others}";
        }

        return null;
    }

    private static bool Worse(double updated, double control, HealthGateOptions o) =>
        updated > control * o.MaxRateRatio && updated - control > o.MinRateDelta;
}
