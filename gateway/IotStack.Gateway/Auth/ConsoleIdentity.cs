namespace IotStack.Gateway.Auth;

/// <summary>Who is acting: a login or an API token ("token:&lt;name&gt;"), and what they may do.</summary>
internal sealed record ConsoleIdentity(string Name, ConsoleRole Role);
