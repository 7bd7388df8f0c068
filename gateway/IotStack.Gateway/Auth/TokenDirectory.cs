using Microsoft.Extensions.Logging;

namespace IotStack.Gateway.Auth;

/// <summary>
/// API tokens the gateway accepts: those configured in <c>Console:Tokens</c> (hashes only), or, when none is
/// configured, the generated <see cref="LocalAdminToken"/> in <see cref="ConsoleOptions.ApiTokenFile"/>.
/// </summary>
internal sealed partial class TokenDirectory
{
    private readonly IReadOnlyList<ConsoleTokenOptions> _tokens;

    public TokenDirectory(ConsoleOptions options, ILogger<TokenDirectory> logger)
    {
        _tokens = options.Tokens.Where(t => t.Name.Length > 0 && ApiTokens.IsWellFormedHash(t.TokenHash)).ToList();
        if (_tokens.Count == 0)
        {
            string token = LocalAdminToken.LoadOrCreate(options.ApiTokenFile, out bool created);
            _tokens = [new ConsoleTokenOptions { Name = LocalAdminToken.Name, TokenHash = ApiTokens.Hash(token), Role = ConsoleRole.Admin }];
            LogLocalToken(logger, created ? "Created" : "Using", Path.GetFullPath(options.ApiTokenFile));
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "No API token configured (Console:Tokens). {Action} the local admin token in {Path} (mode 0600); the CLI on this machine reads it from there")]
    private static partial void LogLocalToken(ILogger logger, string action, string path);
}
