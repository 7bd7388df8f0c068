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

    public UserDirectory(ConsoleOptions options, TextWriter announce, ILogger<UserDirectory> logger)
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

        if (_users.Count == 0)
        {
            ConsoleUserOptions admin = LoadOrCreateFirstRunAdmin(options.FirstRunFile);
            _users[admin.Name] = admin;
        }
    }

    public IReadOnlyCollection<string> UserNames => _users.Keys;

    public ConsoleIdentity? VerifyPassword(string name, string password)
    {
        if (!_users.TryGetValue(name ?? "", out ConsoleUserOptions? user))
        {
            PasswordHashing.Verify(password ?? "", DecoyHash);
            return null;
        }

        return PasswordHashing.Verify(password ?? "", user.PasswordHash) ? new ConsoleIdentity(user.Name, user.Role) : null;
    }

    private ConsoleUserOptions LoadOrCreateFirstRunAdmin(string path)
    {
        if (File.Exists(path))
        {
            ConsoleUserOptions? stored = JsonSerializer.Deserialize<ConsoleUserOptions>(File.ReadAllText(path));
            if (stored is not null && PasswordHashing.IsWellFormed(stored.PasswordHash))
            {
                return stored;
            }
        }

        string password = Convert.ToBase64String(RandomNumberGenerator.GetBytes(18)).Replace('+', '-').Replace('/', '_');
        var admin = new ConsoleUserOptions { Name = FirstRunName, PasswordHash = PasswordHashing.Hash(password), Role = ConsoleRole.Admin };
        string? folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(folder))
        {
            Directory.CreateDirectory(folder);
        }

        File.WriteAllText(path, JsonSerializer.Serialize(admin));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        _announce.WriteLine($"IotStack console: first-run admin created. User '{FirstRunName}', password: {password}");
        _announce.WriteLine($"  (shown once; only its hash is kept in {path}. Configure Console:Users to replace it.)");
        _announce.Flush();
        LogFirstRun(path);
        return admin;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Console user '{Name}' ignored: no name or a malformed password hash")]
    private partial void LogBadUser(string name);

    [LoggerMessage(Level = LogLevel.Warning, Message = "No console user configured: created the first-run admin (hash in {Path}); its password went to standard output only")]
    private partial void LogFirstRun(string path);
}
