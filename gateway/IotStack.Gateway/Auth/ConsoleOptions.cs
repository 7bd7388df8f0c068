namespace IotStack.Gateway.Auth;

/// <summary>The operator console's settings, section <c>Console</c> (see docs/console.md).</summary>
internal sealed class ConsoleOptions
{
    public const string Section = "Console";

    public List<ConsoleUserOptions> Users { get; set; } = new();

    public List<ConsoleTokenOptions> Tokens { get; set; } = new();

    /// <summary>
    /// Where the first-run admin's password hash is kept when no user is configured. The password itself is
    /// printed once to the process's standard output and stored nowhere.
    /// </summary>
    public string FirstRunFile { get; set; } = ".iotstack/console-admin.json";

    /// <summary>
    /// Where the generated admin API token is kept (mode 0600) when <see cref="Tokens"/> is empty; the CLI reads it
    /// from there. Unlike the first-run password the token itself is stored: a script on this machine must be able to use it.
    /// </summary>
    public string ApiTokenFile { get; set; } = ".iotstack/api-token";

    /// <summary>Failed sign-ins per user name and client address within <see cref="SignInWindow"/> before each further attempt is delayed.</summary>
    public int MaxSignInFailures { get; set; } = 5;

    /// <summary>How long a failed sign-in counts.</summary>
    public TimeSpan SignInWindow { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Wait after the last failure once <see cref="MaxSignInFailures"/> is reached; doubles with each further failure.</summary>
    public TimeSpan SignInDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Longest wait between attempts: what someone failing on purpose can cost the real user per attempt.</summary>
    public TimeSpan MaxSignInDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a login lasts without activity (sliding).</summary>
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromHours(8);

    /// <summary>How often live pages are told to refresh, and the log tail polls the log store.</summary>
    public TimeSpan LiveInterval { get; set; } = TimeSpan.FromSeconds(2);
}
