namespace IotStack.Gateway.Alerts;

/// <summary>Rule names stored with alerts. Sensor-health rules share the <c>sensor.</c> prefix: they are alerts of their own, about the sensor, not the process.</summary>
internal static class AlertRules
{
    public const string AboveMax = "above-max";
    public const string BelowMin = "below-min";
    public const string RateOfChange = "rate-of-change";
    public const string NewExtreme = "new-extreme";
    public const string LevelShift = "level-shift";
    public const string VarianceShift = "variance-shift";
    public const string Drift = "drift";
    public const string DeviceOffline = "device-offline";
    public const string SensorStuck = "sensor.stuck";
    public const string SensorOutOfRange = "sensor.out-of-range";
    public const string SensorI2cErrors = "sensor.i2c-errors";
    public const string SensorError = "sensor.error";
    public const string CombinedPrefix = "rule.";

    /// <summary>
    /// Rules cleared by an explicit event (the device came back, the stuck series moves again), not by a quiet
    /// period: silence is no evidence that the condition ended.
    /// </summary>
    public static bool ClearsOnlyExplicitly(string rule) => rule is DeviceOffline or SensorStuck;

    public static bool IsSensorHealth(string rule) => rule.StartsWith("sensor.", StringComparison.Ordinal);
}
