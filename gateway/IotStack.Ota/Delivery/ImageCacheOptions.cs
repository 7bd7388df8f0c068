namespace IotStack.Ota.Delivery;

internal sealed class ImageCacheOptions
{
    /// <summary>Files up to this size are read whole once.</summary>
    public int WholeFileBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>Range-read block size for larger files.</summary>
    public int BlockBytes { get; set; } = 256 * 1024;

    /// <summary>Cached blocks (whole files count as one) before some are dropped.</summary>
    public int MaxBlocks { get; set; } = 256;
}
