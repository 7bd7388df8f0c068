namespace IotStack.Gateway.Auth;

/// <summary>
/// Checks the <c>Console</c> section before the gateway starts. A user or token that cannot work must stop the start
/// with a clear message: skipping it would silently fall back to the first-run admin or the generated local token.
/// </summary>
internal static class ConsoleOptionsValidator
{
    public static IReadOnlyList<string> Validate(ConsoleOptions options)
    {
        var errors = new List<string>();
        for (int i = 0; i < options.Users.Count; i++)
        {
            ConsoleUserOptions user = options.Users[i];
            if (string.IsNullOrWhiteSpace(user.Name))
            {
                errors.Add($"Console:Users:{i}: Name is empty.");
            }

            if (!PasswordHashing.IsWellFormed(user.PasswordHash))
            {
                errors.Add($"Console:Users:{i} ('{user.Name}'): PasswordHash is not a hash from `iotstack console hash-password` (a plain password is never accepted).");
            }
        }

        for (int i = 0; i < options.Tokens.Count; i++)
        {
            ConsoleTokenOptions token = options.Tokens[i];
            if (string.IsNullOrWhiteSpace(token.Name))
            {
                errors.Add($"Console:Tokens:{i}: Name is empty.");
            }

            if (!ApiTokens.IsWellFormedHash(token.TokenHash))
            {
                errors.Add($"Console:Tokens:{i} ('{token.Name}'): TokenHash must be 'sha256:' and 64 hex digits, as printed by `iotstack console new-token`.");
            }
        }

        if (options.MaxSignInFailures < 1)
        {
            errors.Add($"Console:MaxSignInFailures {options.MaxSignInFailures} must be at least 1.");
        }

        if (options.SignInWindow <= TimeSpan.Zero || options.SessionLifetime <= TimeSpan.Zero || options.LiveInterval <= TimeSpan.Zero)
        {
            errors.Add("Console:SignInWindow, SessionLifetime and LiveInterval must be positive durations (e.g. 00:15:00).");
        }

        if (options.SignInDelay <= TimeSpan.Zero || options.MaxSignInDelay < options.SignInDelay)
        {
            errors.Add("Console:SignInDelay must be positive and Console:MaxSignInDelay at least as long (e.g. 00:00:05 and 00:00:30).");
        }

        return errors;
    }
}
