using IotStack.Protocol;

namespace IotStack.Ota.Releases;

/// <summary>
/// The files of an image before publishing: one .bin, or a nanoFramework deployment folder (.pe
/// assemblies and resources, top level only). Folder files are sorted by name so the same folder always
/// gives the same manifest.
/// </summary>
internal sealed class ReleaseImage
{
    private ReleaseImage(IReadOnlyList<(string Name, byte[] Content)> files) => Files = files;

    public IReadOnlyList<(string Name, byte[] Content)> Files { get; }

    public static ReleaseImage FromFiles(IEnumerable<(string Name, byte[] Content)> files)
    {
        var list = files.OrderBy(f => f.Name, StringComparer.Ordinal).ToList();
        if (list.Count is 0 or > ReleaseManifest.MaxFiles)
        {
            throw new ArgumentException($"An image has 1 to {ReleaseManifest.MaxFiles} files, not {list.Count}.");
        }

        foreach (var (name, _) in list)
        {
            if (!ManifestFile.IsValidName(name))
            {
                throw new ArgumentException($"'{name}' is not a valid image file name (1-64 of A-Z a-z 0-9 _ . -).");
            }
        }

        return new ReleaseImage(list);
    }

    public static async Task<ReleaseImage> LoadAsync(string path, CancellationToken cancellationToken)
    {
        if (File.Exists(path))
        {
            return FromFiles([(Path.GetFileName(path), await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false))]);
        }

        if (!Directory.Exists(path))
        {
            throw new FileNotFoundException($"No image file or folder at {path}.", path);
        }

        var files = new List<(string, byte[])>();
        foreach (var file in Directory.EnumerateFiles(path, "*", SearchOption.TopDirectoryOnly))
        {
            files.Add((Path.GetFileName(file), await File.ReadAllBytesAsync(file, cancellationToken).ConfigureAwait(false)));
        }

        return FromFiles(files);
    }
}
