namespace IotStack.Ota.Rollouts;

/// <summary>How much sicker updated boards may be than boards not yet updated before a wave fails its soak.</summary>
internal sealed class HealthGateOptions
{
    /// <summary>Updated anomaly (or error-log) rate may be this many times the control's...</summary>
    public double MaxRateRatio { get; set; } = 2.0;

    /// <summary>...and must also exceed it by this much per device-hour to count (small numbers are noise).</summary>
    public double MinRateDelta { get; set; } = 1.0;

    public double MaxExtraRebootsPerDevice { get; set; } = 0.5;

    /// <summary>Extra fraction of updated boards that missed heartbeats.</summary>
    public double MaxExtraHeartbeatLoss { get; set; } = 0.2;
}
