namespace IotStack.Gateway.Storage;

internal readonly record struct SampleRow(string DeviceId, byte Channel, long TimeMs, float Value);
