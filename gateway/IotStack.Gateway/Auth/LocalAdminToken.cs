namespace IotStack.Gateway.Auth;

/// <summary>
/// The API token a first run uses when no token is configured: 256 random bits kept in a file only its owner can
/// read (0600), so the CLI on the same machine can authenticate without any setup. The token is reused across
/// restarts; delete the file to rotate it. Its path, never its value, goes to the log.
/// </summary>
internal static class LocalAdminToken
{
    public const string Name = "local-admin";

    /// <summary>Reads the token in <paramref name="path"/>, creating the file (0600) with a new token when missing or malformed.</summary>
    public static string LoadOrCreate(string path, out bool created)
    {
        if (File.Exists(path) && File.ReadAllText(path).Trim() is { } stored && IsWellFormed(stored))
        {
            created = false;
            return stored;
        }

        string token = ApiTokens.NewToken();
        string? folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(folder))
        {
            Directory.CreateDirectory(folder);
        }

        // Created with 0600 from the start: no window in which another user could open a world-readable file.
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var writer = new StreamWriter(path, System.Text.Encoding.ASCII, options))
        {
            writer.Write(token);
            writer.Write('\n');
        }

        if (!OperatingSystem.IsWindows())
        {
            // UnixCreateMode applies only to new files; an existing malformed file keeps its old mode otherwise.
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        created = true;
        return token;
    }

    public static bool IsWellFormed(string token) =>
        token.StartsWith(ApiTokens.Prefix, StringComparison.Ordinal) && token.Length >= ApiTokens.Prefix.Length + 40 && !token.Any(char.IsWhiteSpace);
}
