using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace IotStack.Gateway.Auth;

/// <summary>
/// Console users from configuration (API tokens: <see cref="TokenDirectory"/>). With no user configured, a first-run admin is created: its
/// password is written once to <see cref="_announce"/> (standard output, never a logger, because log sinks may be
/// files) and only its hash is kept, in <see cref="ConsoleOptions.FirstRunFile"/>.
/// </summary>
internal sealed partial class UserDirectory
{
    public const string FirstRunName = "admin";

    // Verifying against this when the user is unknown costs the same time as a real check: no user enumeration by timing.
    private static readonly string DecoyHash = PasswordHashing.Hash(Convert.ToHexString(RandomNumberGenerator.GetBytes(16)));

    private readonly Dictionary<string, ConsoleUserOptions> _users = new(StringComparer.OrdinalIgnoreCase);
    private readonly TextWriter _announce;
    private readonly ILogger<UserDirectory> _logger;

    // With no configured user: the first-run admin's file, re-read when `iotstack console reset-password` rewrites it,
    // so a new password works at the next sign-in without a restart.
    private readonly string? _firstRunFile;
    private readonly Lock _sync = new();
    private ConsoleUserOptions? _firstRun;
    private DateTime _firstRunWritten;

    // With a shared database: the first-run admin lives there instead of in a file, the same for every gateway.
    private readonly SharedConsoleCredentials? _shared;

    public UserDirectory(ConsoleOptions options, TextWriter announce, ILogger<UserDirectory> logger, SharedConsoleCredentials? shared = null)
    {
        _announce = announce;
        _logger = logger;
        foreach (ConsoleUserOptions user in options.Users)
        {
            if (string.IsNullOrWhiteSpace(user.Name) || !PasswordHashing.IsWellFormed(user.PasswordHash))
            {
                LogBadUser(user.Name);
                continue;
            }

            _users[user.Name] = user;
        }

        if (_users.Count == 0 && shared is not null && TryLoadOrCreateSharedAdmin(shared) is { } admin)
        {
            _shared = shared;
            _firstRun = admin;
        }
        else if (_users.Count == 0)
        {
            _firstRunFile = options.FirstRunFile;
            _firstRun = LoadOrCreateFirstRunAdmin(options.FirstRunFile);
            _firstRunWritten = File.GetLastWriteTimeUtc(options.FirstRunFile);
        }
    }

    public IReadOnlyCollection<string> UserNames => _firstRun is { } admin ? [admin.Name] : _users.Keys;

    public ConsoleIdentity? VerifyPassword(string name, string password)
    {
        if (Find(name ?? "") is not { } user)
        {
            PasswordHashing.Verify(password ?? "", DecoyHash);
            return null;
        }

        return PasswordHashing.Verify(password ?? "", user.PasswordHash) ? new ConsoleIdentity(user.Name, user.Role) : null;
    }

    private ConsoleUserOptions? Find(string name)
    {
        if (_shared is not null && _firstRun is not null)
        {
            // Read at each sign-in (rare): a reset on any gateway (`iotstack console reset-password --postgres`) applies everywhere.
            ConsoleUserOptions? current = ParseAdmin(_shared.Read(SharedConsoleCredentials.FirstRunAdminKey)?.Value) ?? _firstRun;
            return string.Equals(current.Name, name, StringComparison.OrdinalIgnoreCase) ? current : null;
        }

        if (_firstRunFile is null)
        {
            return _users.GetValueOrDefault(name);
        }

        lock (_sync)
        {
            DateTime written = File.GetLastWriteTimeUtc(_firstRunFile);
            if (written != _firstRunWritten && ReadFirstRunAdmin(_firstRunFile) is { } replaced)
            {
                _firstRun = replaced;
                _firstRunWritten = written;
                LogFirstRunReplaced(_firstRunFile);
            }

            return string.Equals(_firstRun!.Name, name, StringComparison.OrdinalIgnoreCase) ? _firstRun : null;
        }
    }

    private ConsoleUserOptions LoadOrCreateFirstRunAdmin(string path)
    {
        if (ReadFirstRunAdmin(path) is { } stored)
        {
            return stored;
        }

        string password = WriteFirstRunAdmin(path);
        _announce.WriteLine($"IotStack console: first-run admin created. User '{FirstRunName}', password: {password}");
        _announce.WriteLine($"  (shown once; only its hash is kept in {path}. Forgot it: `iotstack console reset-password --file {path}`. Configure Console:Users to replace it.)");
        _announce.Flush();
        LogFirstRun(path);
        return ReadFirstRunAdmin(path)!;
    }

    /// <summary>
    /// The first gateway on a shared database creates the admin and prints its password; the others take its hash. With the
    /// database down at start the gateway still starts (degraded): null, and the local first-run file serves until a restart.
    /// </summary>
    private ConsoleUserOptions? TryLoadOrCreateSharedAdmin(SharedConsoleCredentials shared)
    {
        try
        {
            return LoadOrCreateSharedAdmin(shared);
        }
        catch (Exception ex) when (ex is Npgsql.NpgsqlException or TimeoutException or System.Net.Sockets.SocketException)
        {
            LogSharedUnavailable(ex.Message);
            return null;
        }
    }

    private ConsoleUserOptions LoadOrCreateSharedAdmin(SharedConsoleCredentials shared)
    {
        if (ParseAdmin(shared.Read(SharedConsoleCredentials.FirstRunAdminKey)?.Value) is { } stored)
        {
            return stored;
        }

        var (admin, password) = NewFirstRunAdmin();
        if (shared.TryCreate(SharedConsoleCredentials.FirstRunAdminKey, JsonSerializer.Serialize(admin), Environment.MachineName))
        {
            _announce.WriteLine($"IotStack console: first-run admin created. User '{FirstRunName}', password: {password}");
            _announce.WriteLine("  (shown once; only its hash is kept, in the shared database, for every gateway on it. Forgot it: `iotstack console reset-password --postgres CONNECTION`. Configure Console:Users to replace it.)");
            _announce.Flush();
            LogSharedFirstRun();
            return admin;
        }

        return ParseAdmin(shared.Read(SharedConsoleCredentials.FirstRunAdminKey)?.Value)!; // another gateway was first
    }

    /// <summary>A new first-run admin and its password (stored nowhere: callers print it once).</summary>
    public static (ConsoleUserOptions Admin, string Password) NewFirstRunAdmin()
    {
        string password = Convert.ToBase64String(RandomNumberGenerator.GetBytes(18)).Replace('+', '-').Replace('/', '_');
        return (new ConsoleUserOptions { Name = FirstRunName, PasswordHash = PasswordHashing.Hash(password), Role = ConsoleRole.Admin }, password);
    }

    private static ConsoleUserOptions? ParseAdmin(string? json)
    {
        if (json is null)
        {
            return null;
        }

        try
        {
            ConsoleUserOptions? stored = JsonSerializer.Deserialize<ConsoleUserOptions>(json);
            return stored is not null && PasswordHashing.IsWellFormed(stored.PasswordHash) ? stored : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The first-run admin kept at <paramref name="path"/>; null when there is none (or it is not one).</summary>
    public static ConsoleUserOptions? ReadFirstRunAdmin(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            ConsoleUserOptions? stored = JsonSerializer.Deserialize<ConsoleUserOptions>(File.ReadAllText(path));
            return stored is not null && PasswordHashing.IsWellFormed(stored.PasswordHash) ? stored : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>
    /// Creates or replaces the first-run admin at <paramref name="path"/> with a new random password and returns that
    /// password, which is stored nowhere: only its hash goes to the file (mode 0600, replaced in one rename so a
    /// gateway reading it sees the old or the new hash). Callers print it once and never log it.
    /// </summary>
    public static string WriteFirstRunAdmin(string path)
    {
        var (admin, password) = NewFirstRunAdmin();
        string full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        string temporary = full + ".new";
        var create = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            create.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var file = new StreamWriter(temporary, new System.Text.UTF8Encoding(false), create))
        {
            file.Write(JsonSerializer.Serialize(admin));
        }

        if (!OperatingSystem.IsWindows())
        {
            // UnixCreateMode applies to new files only; a leftover from an interrupted reset keeps its mode otherwise.
            File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        File.Move(temporary, full, overwrite: true);
        return password;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Console: the shared database is unreachable ({Reason}); the first-run admin comes from the local file until the gateway restarts")]
    private partial void LogSharedUnavailable(string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "No console user configured: created the first-run admin in the shared database; its password went to standard output only")]
    private partial void LogSharedFirstRun();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Console user '{Name}' ignored: no name or a malformed password hash")]
    private partial void LogBadUser(string name);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Console: the first-run admin in {Path} was replaced (iotstack console reset-password); the new password applies from now")]
    private partial void LogFirstRunReplaced(string path);

    [LoggerMessage(Level = LogLevel.Warning, Message = "No console user configured: created the first-run admin (hash in {Path}); its password went to standard output only")]
    private partial void LogFirstRun(string path);
}
