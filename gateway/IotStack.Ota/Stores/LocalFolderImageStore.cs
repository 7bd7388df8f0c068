namespace IotStack.Ota.Stores;

/// <summary>The embedded default store: a folder on the gateway's disk. Writes go to a temp file and are renamed, so a reader never sees half an object.</summary>
internal sealed class LocalFolderImageStore : IImageStore
{
    private readonly string _root;

    public LocalFolderImageStore(string root)
    {
        _root = Path.GetFullPath(root);
        Directory.CreateDirectory(_root);
    }

    public string Description => $"folder {_root}";

    public async Task PutAsync(string key, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        var path = PathOf(key);
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            var temp = path + ".tmp-" + Guid.NewGuid().ToString("N");
            await File.WriteAllBytesAsync(temp, content.ToArray(), cancellationToken).ConfigureAwait(false);
            File.Move(temp, path, overwrite: true);
        }
        catch (IOException e)
        {
            throw new ImageStoreException($"Cannot write {key} to {Description}: {e.Message}", e);
        }
    }

    public async Task<StoreRead> ReadAllAsync(string key, CancellationToken cancellationToken)
    {
        var path = PathOf(key);
        try
        {
            return File.Exists(path) ? StoreRead.Ok(await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false)) : StoreRead.NotFound(key);
        }
        catch (IOException e)
        {
            return StoreRead.Failed(e.Message);
        }
    }

    public async Task<StoreRead> ReadRangeAsync(string key, long offset, int count, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var path = PathOf(key);
        try
        {
            if (!File.Exists(path))
            {
                return StoreRead.NotFound(key);
            }

            await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, useAsync: true);
            if (offset >= stream.Length)
            {
                return StoreRead.Ok([]);
            }

            var take = (int)Math.Min(count, stream.Length - offset);
            var buffer = new byte[take];
            stream.Position = offset;
            await stream.ReadExactlyAsync(buffer, cancellationToken).ConfigureAwait(false);
            return StoreRead.Ok(buffer);
        }
        catch (IOException e)
        {
            return StoreRead.Failed(e.Message);
        }
    }

    public Task<StoreLength> GetLengthAsync(string key, CancellationToken cancellationToken)
    {
        var info = new FileInfo(PathOf(key));
        return Task.FromResult(info.Exists
            ? new StoreLength(StoreStatus.Ok, info.Length, null)
            : new StoreLength(StoreStatus.NotFound, 0, $"{key} not found"));
    }

    public Task<IReadOnlyList<string>> ListAsync(string prefix, CancellationToken cancellationToken)
    {
        var keys = Directory.EnumerateFiles(_root, "*", SearchOption.AllDirectories)
            .Where(p => !p.Contains(".tmp-", StringComparison.Ordinal))
            .Select(p => Path.GetRelativePath(_root, p).Replace(Path.DirectorySeparatorChar, '/'))
            .Where(k => k.StartsWith(prefix, StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToList();
        return Task.FromResult<IReadOnlyList<string>>(keys);
    }

    private string PathOf(string key)
    {
        StoreKeys.RequireSafe(key);
        return Path.Combine(_root, key.Replace('/', Path.DirectorySeparatorChar));
    }
}
