namespace IotStack.Gateway.Alerts;

/// <param name="ActiveOnly">Only open or acknowledged alerts.</param>
internal sealed record AlertQuery(string? DeviceId = null, bool ActiveOnly = false, int Limit = 200);
