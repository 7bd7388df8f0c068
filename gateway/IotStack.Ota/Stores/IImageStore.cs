namespace IotStack.Ota.Stores;

/// <summary>
/// Where releases live: image files, manifest and signature under <c>releases/{board}/{version}/</c>.
/// Keys are '/'-separated relative paths. Reads are result values (a missing object or a failing
/// server is expected); a failed write throws <see cref="ImageStoreException"/> because publishing
/// is an operator action that must stop loudly.
/// </summary>
internal interface IImageStore
{
    /// <summary>Short description for logs ("s3://bucket/prefix", "folder /var/lib/...").</summary>
    string Description { get; }

    Task PutAsync(string key, ReadOnlyMemory<byte> content, CancellationToken cancellationToken);

    Task<StoreRead> ReadAllAsync(string key, CancellationToken cancellationToken);

    /// <summary>Reads up to <paramref name="count"/> bytes from <paramref name="offset"/> (fewer at the end of the object).</summary>
    Task<StoreRead> ReadRangeAsync(string key, long offset, int count, CancellationToken cancellationToken);

    /// <summary>Object size, or a NotFound/Failed result.</summary>
    Task<StoreLength> GetLengthAsync(string key, CancellationToken cancellationToken);

    /// <summary>Keys that start with <paramref name="prefix"/>, sorted ordinally.</summary>
    Task<IReadOnlyList<string>> ListAsync(string prefix, CancellationToken cancellationToken);
}
