namespace IotStack.Gateway.Storage;

internal readonly record struct SampleRow(string DeviceId, byte Channel, long TimeMs, float Value)
{
    /// <summary>The device's fleet (part of a series' checkpoint key); empty where no batch gave one.</summary>
    public string Fleet { get; init; } = "";
}
