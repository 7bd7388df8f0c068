namespace IotStack.Gateway.Dashboard.Readings;

/// <summary>A channel's newest sample: what the fleet table and the device page show as "now".</summary>
internal readonly record struct Reading(byte Channel, DateTimeOffset Time, double Value);
