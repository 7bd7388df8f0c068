namespace IotStack.Ota.Delivery;

/// <summary>Bytes for a chunk, or why none are served.</summary>
internal readonly record struct ChunkRead(byte[]? Data, string? Refusal)
{
    public static ChunkRead Ok(byte[] data) => new(data, null);

    public static ChunkRead Refused(string why) => new(null, why);
}
