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

    /// <summary>How long a login lasts without activity (sliding).</summary>
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromHours(8);

    /// <summary>How often live pages are told to refresh, and the log tail polls the log store.</summary>
    public TimeSpan LiveInterval { get; set; } = TimeSpan.FromSeconds(2);
}
