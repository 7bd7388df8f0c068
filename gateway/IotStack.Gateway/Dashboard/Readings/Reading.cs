namespace IotStack.Gateway.Dashboard.Readings;

/// <summary>
/// A channel's newest sample: what the fleet table and the device page show as "now". Public because a Razor component
/// (public by generation) takes a list of them as a parameter.
/// </summary>
public readonly record struct Reading(byte Channel, DateTimeOffset Time, double Value);
