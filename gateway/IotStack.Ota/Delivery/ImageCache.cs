using System.Collections.Concurrent;
using IotStack.Ota.Releases;
using IotStack.Ota.Stores;

namespace IotStack.Ota.Delivery;

/// <summary>
/// Image bytes for the chunk server, shared by every device on the same release. Small files are read
/// whole once; larger ones by blocks with range reads, so a 50 MB image never sits in memory at once.
/// A stored file whose length differs from the signed manifest is never served (a truncated upload
/// must not reach a board as if it were the release).
/// </summary>
internal sealed class ImageCache(IImageStore store, ImageCacheOptions options)
{
    private readonly ConcurrentDictionary<string, Lazy<Task<StoreRead>>> _blocks = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Lazy<Task<StoreLength>>> _lengths = new(StringComparer.Ordinal);

    public long StoreReads;

    public async Task<ChunkRead> ReadAsync(Release release, int fileIndex, long offset, int count, CancellationToken cancellationToken)
    {
        if (fileIndex < 0 || fileIndex >= release.Manifest.Files.Length)
        {
            return ChunkRead.Refused("no such file");
        }

        var file = release.Manifest.Files[fileIndex];
        var key = release.FileKey(fileIndex);
        var length = await _lengths.GetOrAdd(key, k => new Lazy<Task<StoreLength>>(() => store.GetLengthAsync(k, CancellationToken.None))).Value.ConfigureAwait(false);
        if (length.Status != StoreStatus.Ok)
        {
            _lengths.TryRemove(key, out _); // a failing store may recover: ask again next time
            return ChunkRead.Refused(length.Error ?? "length unknown");
        }

        if (length.Length != file.Size)
        {
            return ChunkRead.Refused($"stored {file.Name} has {length.Length} bytes, the manifest says {file.Size}");
        }

        if (offset >= file.Size)
        {
            return ChunkRead.Refused("offset past the end");
        }

        count = (int)Math.Min(count, file.Size - offset);
        var result = new byte[count];
        int filled = 0;
        int blockSize = file.Size <= options.WholeFileBytes ? (int)file.Size : options.BlockBytes;
        while (filled < count)
        {
            long at = offset + filled;
            long blockStart = at / blockSize * blockSize;
            var block = await GetBlockAsync(key, blockStart, (int)Math.Min(blockSize, file.Size - blockStart)).ConfigureAwait(false);
            if (block.Status != StoreStatus.Ok)
            {
                return ChunkRead.Refused(block.Error ?? "read failed");
            }

            int from = (int)(at - blockStart);
            int n = Math.Min(count - filled, block.Data.Length - from);
            if (n <= 0)
            {
                return ChunkRead.Refused("short read from store");
            }

            Array.Copy(block.Data, from, result, filled, n);
            filled += n;
        }

        return ChunkRead.Ok(result);
    }

    private async Task<StoreRead> GetBlockAsync(string key, long start, int size)
    {
        var id = key + "@" + start;
        var lazy = _blocks.GetOrAdd(id, _ => new Lazy<Task<StoreRead>>(() =>
        {
            Interlocked.Increment(ref StoreReads);
            return start == 0 && size <= options.WholeFileBytes
                ? store.ReadAllAsync(key, CancellationToken.None)
                : store.ReadRangeAsync(key, start, size, CancellationToken.None);
        }));
        var read = await lazy.Value.ConfigureAwait(false);
        if (read.Status != StoreStatus.Ok)
        {
            _blocks.TryRemove(id, out _);
        }
        else if (_blocks.Count > options.MaxBlocks)
        {
            // Crude bound: drop some other block; they are re-read on demand.
            foreach (var other in _blocks.Keys)
            {
                if (other != id && _blocks.TryRemove(other, out _))
                {
                    break;
                }
            }
        }

        return read;
    }
}
