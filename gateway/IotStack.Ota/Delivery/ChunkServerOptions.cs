namespace IotStack.Ota.Delivery;

/// <summary>How many workers serve the <see cref="OtaInbox"/> (chunk reads wait on the image store).</summary>
internal sealed class ChunkServerOptions
{
    public int Workers { get; set; } = 4;
}
