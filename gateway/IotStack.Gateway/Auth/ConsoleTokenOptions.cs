namespace IotStack.Gateway.Auth;

/// <summary>One API token for scripts, bound from <c>Console:Tokens:N</c>; only its SHA-256 hash is configured.</summary>
internal sealed class ConsoleTokenOptions
{
    /// <summary>Who the token acts as in audits and the timeline ("token:&lt;Name&gt;").</summary>
    public string Name { get; set; } = "";

    /// <summary>As printed by <c>iotstack console new-token</c> (<see cref="ApiTokens.Hash"/>).</summary>
    public string TokenHash { get; set; } = "";

    public ConsoleRole Role { get; set; } = ConsoleRole.Viewer;
}
