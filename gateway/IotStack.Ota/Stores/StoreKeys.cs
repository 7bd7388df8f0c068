namespace IotStack.Ota.Stores;

/// <summary>Key layout of a release in any store, and the check that keeps keys inside it.</summary>
internal static class StoreKeys
{
    public static string ReleasePrefix(string board, string version) => $"releases/{board}/{version}/";

    public static string Manifest(string board, string version) => ReleasePrefix(board, version) + "manifest.bin";

    public static string Signature(string board, string version) => ReleasePrefix(board, version) + "manifest.sig";

    public static string File(string board, string version, string name) => ReleasePrefix(board, version) + "files/" + name;

    /// <summary>True for relative '/'-separated keys without empty, "." or ".." segments.</summary>
    public static bool IsSafe(string key)
    {
        if (string.IsNullOrEmpty(key) || key.StartsWith('/') || key.Contains('\\') || key.Contains('\0'))
        {
            return false;
        }

        foreach (var segment in key.Split('/'))
        {
            if (segment is "" or "." or "..")
            {
                return false;
            }
        }

        return true;
    }

    public static void RequireSafe(string key)
    {
        if (!IsSafe(key))
        {
            throw new ArgumentException($"Unsafe store key '{key}'.", nameof(key));
        }
    }
}
