namespace IotStack.Gateway.Storage;

/// <summary>One telemetry batch in a <see cref="WriteSet"/>; its samples are SampleStart .. SampleStart + SampleCount.</summary>
internal readonly record struct BatchRow(string DeviceId, string Fleet, uint Sequence, long ReceivedMs, int SampleStart, int SampleCount);
