namespace IotStack.Gateway.Alerts;

/// <param name="ActiveOnly">Only open or acknowledged alerts.</param>
/// <param name="MinSeverity">Only alerts at this severity or above (Info: all).</param>
internal sealed record AlertQuery(string? DeviceId = null, bool ActiveOnly = false, int Limit = 200, AlertSeverity MinSeverity = AlertSeverity.Info);
