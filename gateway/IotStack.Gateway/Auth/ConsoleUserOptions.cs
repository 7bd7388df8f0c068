namespace IotStack.Gateway.Auth;

/// <summary>One console login, bound from <c>Console:Users:N</c>. The password is never stored, only its PBKDF2 hash.</summary>
internal sealed class ConsoleUserOptions
{
    public string Name { get; set; } = "";

    /// <summary>As printed by <c>iotstack console hash-password</c> (<see cref="PasswordHashing"/> format).</summary>
    public string PasswordHash { get; set; } = "";

    public ConsoleRole Role { get; set; } = ConsoleRole.Viewer;
}
