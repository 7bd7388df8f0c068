using Microsoft.Extensions.Logging;

namespace IotStack.Gateway.Auth;

/// <summary>
/// API tokens the gateway accepts: those configured in <c>Console:Tokens</c> (hashes only), or, when none is
/// configured, the generated <see cref="LocalAdminToken"/> in <see cref="ConsoleOptions.ApiTokenFile"/>.
/// </summary>
internal sealed partial class TokenDirectory
{
    private readonly IReadOnlyList<ConsoleTokenOptions> _tokens;

    public TokenDirectory(ConsoleOptions options, ILogger<TokenDirectory> logger, SharedConsoleCredentials? shared = null)
    {
        _tokens = options.Tokens.Where(t => t.Name.Length > 0 && ApiTokens.IsWellFormedHash(t.TokenHash)).ToList();
        (string Value, string CreatedBy)? existing = null;
        if (_tokens.Count == 0 && shared is not null)
        {
            try
            {
                existing = shared.Read(SharedConsoleCredentials.LocalTokenKey);
            }
            catch (Exception ex) when (ex is Npgsql.NpgsqlException or TimeoutException or System.Net.Sockets.SocketException)
            {
                // The database is down at start: the gateway still starts, with its own local token until a restart.
                LogSharedUnavailable(logger, ex.Message);
                shared = null;
            }
        }

        if (_tokens.Count == 0 && existing is { } other
            && !(File.Exists(options.ApiTokenFile) && ApiTokens.Matches(File.ReadAllText(options.ApiTokenFile).Trim(), other.Value)))
        {
            // Another gateway on the shared database created the local admin token: the same token works here; its file is there.
            _tokens = [new ConsoleTokenOptions { Name = LocalAdminToken.Name, TokenHash = other.Value, Role = ConsoleRole.Admin }];
            LogSharedToken(logger, other.CreatedBy);
        }
        else if (_tokens.Count == 0)
        {
            string token = LocalAdminToken.LoadOrCreate(options.ApiTokenFile, out bool created);
            _tokens = [new ConsoleTokenOptions { Name = LocalAdminToken.Name, TokenHash = ApiTokens.Hash(token), Role = ConsoleRole.Admin }];
            LogLocalToken(logger, created ? "Created" : "Using", Path.GetFullPath(options.ApiTokenFile));
            if (shared is not null && !shared.TryCreate(SharedConsoleCredentials.LocalTokenKey, _tokens[0].TokenHash, Environment.MachineName)
                && shared.Read(SharedConsoleCredentials.LocalTokenKey) is { } first && first.Value != _tokens[0].TokenHash)
            {
                // Two gateways started together and the other stored its token first: the cluster takes that one.
                _tokens = [new ConsoleTokenOptions { Name = LocalAdminToken.Name, TokenHash = first.Value, Role = ConsoleRole.Admin }];
                LogSharedToken(logger, first.CreatedBy);
            }

            LocalTokenFile = Path.GetFullPath(options.ApiTokenFile);
        }
    }

    /// <summary>The generated admin token's file; null when tokens are configured.</summary>
    public string? LocalTokenFile { get; }

    public ConsoleIdentity? Verify(string token)
    {
        foreach (ConsoleTokenOptions configured in _tokens)
        {
            if (ApiTokens.Matches(token, configured.TokenHash))
            {
                return new ConsoleIdentity("token:" + configured.Name, configured.Role);
            }
        }

        return null;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "API tokens: the shared database is unreachable ({Reason}); using this gateway's local admin token until it restarts")]
    private static partial void LogSharedUnavailable(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "No API token configured (Console:Tokens): accepting the local admin token the gateway on {Machine} created in the shared database (its file is there)")]
    private static partial void LogSharedToken(ILogger logger, string machine);

    [LoggerMessage(Level = LogLevel.Warning, Message = "No API token configured (Console:Tokens). {Action} the local admin token in {Path} (mode 0600); the CLI on this machine reads it from there")]
    private static partial void LogLocalToken(ILogger logger, string action, string path);
}
