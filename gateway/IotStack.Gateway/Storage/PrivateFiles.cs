namespace IotStack.Gateway.Storage;

/// <summary>
/// Files only the gateway's user may read: folders 0700, files 0600, set at creation so there is no window in which
/// another local user could open them (databases hold the fleet's data, key files the broker's identity).
/// </summary>
internal static class PrivateFiles
{
    private const UnixFileMode FolderMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>Creates <paramref name="folder"/> (and missing parents) 0700; an existing folder is left as its owner set it.</summary>
    public static void EnsureFolder(string folder)
    {
        if (folder.Length == 0 || Directory.Exists(folder))
        {
            return;
        }

        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(folder);
        }
        else
        {
            Directory.CreateDirectory(folder, FolderMode);
        }
    }

    /// <summary>Creates the folder holding <paramref name="path"/> (0700) and an empty file (0600) unless it exists.</summary>
    public static void EnsureFile(string path)
    {
        EnsureFolder(Path.GetDirectoryName(Path.GetFullPath(path)) ?? "");
        if (File.Exists(path))
        {
            return;
        }

        using FileStream created = Open(path, System.IO.FileMode.CreateNew);
    }

    /// <summary>Writes <paramref name="bytes"/> to a new or replaced file that is 0600 from its first byte.</summary>
    public static void Write(string path, ReadOnlySpan<byte> bytes)
    {
        EnsureFolder(Path.GetDirectoryName(Path.GetFullPath(path)) ?? "");
        using (FileStream stream = Open(path, System.IO.FileMode.Create))
        {
            stream.Write(bytes);
        }

        if (!OperatingSystem.IsWindows())
        {
            // UnixCreateMode applies to new files only; a replaced one keeps its old mode otherwise.
            File.SetUnixFileMode(path, FileMode);
        }
    }

    /// <summary>
    /// Replaces <paramref name="path"/> whole: written 0600 beside it, then renamed over it, so neither a crash nor a
    /// reader (Mosquitto reloading its password file) ever sees half a file.
    /// </summary>
    public static void WriteAtomically(string path, string text)
    {
        string full = Path.GetFullPath(path);
        string temporary = full + "." + Guid.NewGuid().ToString("N")[..8] + ".tmp";
        Write(temporary, System.Text.Encoding.UTF8.GetBytes(text));
        File.Move(temporary, full, overwrite: true);
    }

    private static FileStream Open(string path, System.IO.FileMode mode)
    {
        var options = new FileStreamOptions { Mode = mode, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = FileMode;
        }

        return new FileStream(path, options);
    }
}
