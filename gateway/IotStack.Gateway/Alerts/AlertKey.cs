namespace IotStack.Gateway.Alerts;

/// <summary>De-duplication key: one active alert per (device, channel, rule).</summary>
internal static class AlertKey
{
    public static string Of(string deviceId, int channel, string rule) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{deviceId}/{channel}/{rule}");
}
