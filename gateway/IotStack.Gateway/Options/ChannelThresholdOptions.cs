using IotStack.Gateway.Alerts;

namespace IotStack.Gateway.Options;

/// <summary>
/// One threshold spec per channel: the same numbers go to boards (Command SetThresholds) and into the
/// gateway's own detectors, so a limit is written once.
/// </summary>
internal sealed class ChannelThresholdOptions
{
    public double? Min { get; set; }

    public double? Max { get; set; }

    public double? MaxRatePerSecond { get; set; }

    public double? SigmaK { get; set; }

    public int Window { get; set; } = 32;

    /// <summary>Values outside this range are physically impossible for the sensor: a sensor-health alert, not a process alert.</summary>
    public double? ValidMin { get; set; }

    public double? ValidMax { get; set; }

    /// <summary>Samples within Tolerance of each other before the sensor counts as stuck (0 = off).</summary>
    public int StuckSamples { get; set; } = 30;

    public double StuckTolerance { get; set; }

    public AlertSeverity Severity { get; set; } = AlertSeverity.Warning;
}
